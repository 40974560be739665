/** What the job steps need of object storage; adapters/s3.ts gives it over a bucket. */

/** One line of an object, without its newline, and where it lies in the object (bytes, end exclusive). */
export interface SourceLine {
  bytes: Buffer;
  start: number;
  end: number;
}

export interface LineWriter {
  write(line: string): Promise<void>;
  /** Makes what was written visible under the key. */
  close(): Promise<void>;
  /** Gives up: nothing appears under the key. */
  abort(): Promise<void>;
}

export interface JobStore {
  /** The object's lines as they stream in. */
  lines(key: string): AsyncIterable<SourceLine>;
  /** The object's size in bytes, or undefined when there is none. */
  size(key: string): Promise<number | undefined>;
  /** Bytes [start, end) of the object. */
  range(key: string, start: number, end: number): Promise<Buffer>;
  /** The whole object (small objects only), or undefined when there is none. */
  read(key: string): Promise<Buffer | undefined>;
  write(key: string, body: string | Buffer, contentType?: string): Promise<void>;
  remove(key: string): Promise<void>;
  writer(key: string): LineWriter;
}
