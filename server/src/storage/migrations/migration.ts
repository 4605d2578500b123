// The shape of one forward-only schema migration. Migrations are TypeScript modules exporting
// their SQL so they ship inside dist/ (tsc does not copy .sql files).

export interface Migration {
  /** 1, 2, 3, … without holes; never renumber or edit a released migration. */
  version: number;
  name: string;
  sql: string;
}
