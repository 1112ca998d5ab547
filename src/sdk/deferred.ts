/** A promise together with the functions that settle it. */
export interface Deferred<T> {
  /** Settles when `resolve` or `reject` is called. */
  promise: Promise<T>;
  /** Fulfils `promise` with a value. */
  resolve(value: T): void;
  /** Rejects `promise` with an error. */
  reject(error: Error): void;
}

/**
 * Makes a `Deferred`, for a promise settled by events that happen later
 * (the welcome of a connect attempt) rather than by one callback.
 */
export function createDeferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });

  return { promise, resolve, reject };
}
