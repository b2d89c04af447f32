/**
 * The error the cdb reader and writer throw for a damaged or oversized database.
 *
 * @module
 */

/** A cdb file is truncated or inconsistent, or a database would pass cdb's 4 GiB limit. */
export class CdbError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CdbError";
  }
}
