import { AIRFLOW_CONFIG_OPTION, CONFIG_FILE_OPTION, OPTIONS, type OptionDef } from '../agent/cli/config.js';

/** The README's option table lies between these markers; `npm run docs:options` rewrites it. */
export const TABLE_START = '<!-- options table: generated from agent/cli/config.ts by `npm run docs:options` -->';
export const TABLE_END = '<!-- end of options table -->';

const code = (s: string) => `\`${s}\``;

function row(def: OptionDef): string {
  const value =
    def.default === null
      ? '—'
      : code(typeof def.default === 'object' ? JSON.stringify(def.default) : String(def.default));
  const meaning = def.values ? `${def.description} (${def.values.join(', ')})` : def.description;
  return `| ${code(def.flag)} | ${def.env.map(code).join(', ')} | ${value} | ${meaning} |`;
}

/** The Markdown table of every `mwaa-agent run` option, from the config schema. */
export function optionsTable(): string {
  const config = CONFIG_FILE_OPTION;
  return [
    '| flag | environment | default | meaning |',
    '| --- | --- | --- | --- |',
    ...OPTIONS.map(row),
    `| ${code(`${AIRFLOW_CONFIG_OPTION.flag} section.key=value`)} | ${AIRFLOW_CONFIG_OPTION.env.map(code).join(', ')} | — | ${AIRFLOW_CONFIG_OPTION.description} |`,
    `| ${code(config.flag)} | ${config.env.map(code).join(', ')} | — | ${config.description} |`,
  ].join('\n');
}

/** `readme` with the text between the markers replaced by the current table. */
export function withOptionsTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${optionsTable()}\n${readme.slice(end)}`;
}
