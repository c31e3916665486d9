/**
 * A cheap scrypt cost for tests' operators (the app's is OWASP's N=2^17): demo databases
 * for tests are built with it and test cores hash with it, so no sign-in in a test runs the
 * full-cost hash. Free of vitest, so child processes (the reset racer) can import it.
 */
import type { PasswordCost } from '../../main/core/operators/password.ts';

export const TEST_PASSWORD_COST: PasswordCost = { logN: 10, r: 8, p: 1 };
