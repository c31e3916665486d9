/** Why a database could not be opened, in words an admin can act on. */
export type DatabaseProblem =
  | 'network-path'
  | 'corrupt'
  | 'newer-schema'
  | 'edited-migration'
  /** Tables, indexes or triggers differ from what the migrations made (dropped triggers). */
  | 'altered-schema'
  /** A production key file beside its database. */
  | 'key-file-beside-database'
  /** Pending migrations while a desk server serves the database on the older schema. */
  | 'server-running'
  | 'not-found'
  | 'already-exists'
  | 'not-a-database';

export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
  readonly problem: DatabaseProblem;
  constructor(problem: DatabaseProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}
