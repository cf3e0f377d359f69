import * as assert from 'uvu/assert';

/** What `p` rejected with, asserted to pass `is`; fails the test when it resolves. */
export async function rejectionOf<T>(p: Promise<unknown>, is: (e: unknown) => e is T): Promise<T> {
  try {
    await p;
  } catch (e) {
    assert.ok(is(e), `unexpected rejection: ${String(e)}`);
    return e as T;
  }
  throw new Error('expected a failure');
}
