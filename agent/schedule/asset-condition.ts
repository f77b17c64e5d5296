import type { AssetCondition, AssetRef, DagSpec } from '../dags/dag-model.js';
import { type AssetKey, sameAsset } from '../runs/asset-event-records.js';

/** The assets a condition names (aliases resolve only at run time and name none), first occurrence first. */
export function conditionAssets(condition: AssetCondition): AssetRef[] {
  const out: AssetRef[] = [];
  const walk = (c: AssetCondition): void => {
    if (c.kind === 'asset') {
      if (!out.some((a) => sameAsset(a, c.asset))) out.push(c.asset);
    } else if (c.kind === 'all' || c.kind === 'any') c.of.forEach(walk);
  };
  walk(condition);
  return out;
}

/** The asset condition of a DAG scheduled on assets (alone or or-ed with a timetable), else null. */
export function assetCondition(dag: Pick<DagSpec, 'schedule'>): AssetCondition | null {
  return dag.schedule.kind === 'assets' || dag.schedule.kind === 'asset-or-time' ? dag.schedule.condition : null;
}

/** Whether the DAG's schedule names this asset (Airflow's DagScheduleAssetReference). */
export function isScheduledOn(dag: Pick<DagSpec, 'schedule'>, asset: AssetKey): boolean {
  const condition = assetCondition(dag);
  return condition !== null && conditionAssets(condition).some((a) => sameAsset(a, asset));
}

/**
 * Airflow's `AssetEvaluator.run` (2.x `BaseDataset.evaluate`) over the assets queued for the DAG: an asset is
 * true when it has a queued event, `all` needs every part, `any` one. An alias is true only through events
 * added to it at run time, which the agent's operators never add.
 */
export function assetConditionMet(condition: AssetCondition, queued: readonly AssetKey[]): boolean {
  switch (condition.kind) {
    case 'asset':
      return queued.some((q) => sameAsset(q, condition.asset));
    case 'alias':
      return false;
    case 'all':
      return condition.of.every((c) => assetConditionMet(c, queued));
    case 'any':
      return condition.of.some((c) => assetConditionMet(c, queued));
  }
}
