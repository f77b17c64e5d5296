import { strTimedelta } from '../python/timedelta-str.js';
import type { AssetCondition, ScheduleSpec, TimetableInfo } from './dag-model.js';

/**
 * The class name and `summary` of the timetable a schedule is (Airflow's `timetable.summary`). Asset
 * schedules are named after their assets' classes: a condition over 2.x Datasets is a DatasetTriggeredTimetable
 * ("Dataset"), over Assets an AssetTriggeredTimetable ("Asset").
 */
export function timetableInfo(schedule: ScheduleSpec): TimetableInfo {
  switch (schedule.kind) {
    case 'none':
      return { type: 'NullTimetable', summary: 'None' };
    case 'once':
      return { type: 'OnceTimetable', summary: '@once' };
    case 'continuous':
      return { type: 'ContinuousTimetable', summary: '@continuous' };
    case 'cron':
      return { type: 'CronDataIntervalTimetable', summary: schedule.expression };
    case 'delta':
      return { type: 'DeltaDataIntervalTimetable', summary: strTimedelta(schedule.seconds) };
    case 'cron-trigger':
      return { type: 'CronTriggerTimetable', summary: schedule.expression };
    case 'multiple-cron-trigger':
      return { type: 'MultipleCronTriggerTimetable', summary: schedule.expressions.join(', ') };
    case 'delta-trigger':
      return { type: 'DeltaTriggerTimetable', summary: strTimedelta(schedule.seconds) };
    case 'assets': {
      const word = assetWord(schedule.condition);
      return { type: `${word}TriggeredTimetable`, summary: word };
    }
    case 'asset-or-time': {
      const word = assetWord(schedule.condition);
      return { type: `${word}OrTimeSchedule`, summary: `${word} or ${timetableInfo(schedule.timetable).summary}` };
    }
  }
}

/** "Dataset" for a condition over Airflow 2's datasets, else "Asset". */
export function assetWord(condition: AssetCondition): 'Asset' | 'Dataset' {
  switch (condition.kind) {
    case 'asset':
      return condition.asset.className === 'Dataset' ? 'Dataset' : 'Asset';
    case 'alias':
      return condition.alias.className === 'DatasetAlias' ? 'Dataset' : 'Asset';
    default:
      return condition.of.some((c) => assetWord(c) === 'Dataset') ? 'Dataset' : 'Asset';
  }
}
