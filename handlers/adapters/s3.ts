/**
 * The S3 adapter: the only module that talks to S3. It gives the job steps what they need of a
 * bucket (core/jobs/store.ts): an object's lines, read in 1 MiB ranged pieces (never the whole
 * object in memory), byte-range reads, whole small objects, JSON Lines written in 8 MiB parts of a
 * multipart upload, and presigned URLs. The endpoint URL comes from the SDK's own configuration
 * (AWS_ENDPOINT_URL_S3 locally, where path-style addressing is used).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { JobStore, LineWriter, SourceLine } from '../core/jobs/store.js';

export type StorageClient = S3Client;

/**
 * Checksums only where S3 requires them: otherwise a presigned PUT carries the checksum of an empty
 * body, and S3 refuses the client's file (or stores nothing).
 */
export function createStorageClient(overrides: Partial<ConstructorParameters<typeof S3Client>[0]> = {}): StorageClient {
  return new S3Client({
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
    // A call that hangs is abandoned and retried by the SDK, instead of holding a route until its Lambda times out.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...overrides,
  });
}

/** A part of a multipart upload (S3 takes 5 MiB at least, but for the last). */
const PART_BYTES = 8 * 1024 * 1024;
/** Small enough that a piece and its copies stay a few MiB, large enough that a 1 GB corpus takes 1 000 reads. */
const PIECE_BYTES = 1024 * 1024;

/** The body's bytes as a Buffer over the same memory (no copy). */
const asBuffer = (bytes: Uint8Array | undefined) =>
  bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.alloc(0);

/** Shared by every line that starts a piece: no allocation per line for "nothing carried over". */
const EMPTY = Buffer.alloc(0);

const missing = (error: unknown) => error instanceof NoSuchKey || error instanceof NotFound;

/**
 * Multipart upload of JSON Lines through one buffer, reused for every part: each line is copied in,
 * and the buffer goes up as a part once it holds `PART_BYTES` (a line longer than that grows it);
 * a small object is one PutObject. Memory holds one part, whatever the object's size.
 */
class MultipartLineWriter implements LineWriter {
  readonly #client: StorageClient;
  readonly #where: { Bucket: string; Key: string };
  #buffer?: Buffer;
  #used = 0;
  #uploadId?: string;
  readonly #parts: Array<{ ETag: string | undefined; PartNumber: number }> = [];

  constructor(client: StorageClient, bucket: string, key: string) {
    this.#client = client;
    this.#where = { Bucket: bucket, Key: key };
  }

  async write(line: string): Promise<void> {
    const buffer = this.#room(Buffer.byteLength(line, 'utf8') + 1);
    this.#used += buffer.write(line, this.#used, 'utf8');
    buffer[this.#used++] = 0x0a;
    if (this.#used >= PART_BYTES) await this.#uploadPart();
  }

  async close(): Promise<void> {
    if (this.#uploadId === undefined) {
      await this.#client.send(new PutObjectCommand({ ...this.#where, Body: this.#filled(), ContentType: 'application/jsonl' }));
      return;
    }
    if (this.#used > 0) await this.#uploadPart();
    await this.#client.send(
      new CompleteMultipartUploadCommand({ ...this.#where, UploadId: this.#uploadId, MultipartUpload: { Parts: this.#parts } }),
    );
  }

  async abort(): Promise<void> {
    if (this.#uploadId) await this.#client.send(new AbortMultipartUploadCommand({ ...this.#where, UploadId: this.#uploadId }));
  }

  /** The buffer, with room for `bytes` more. */
  #room(bytes: number): Buffer {
    const needed = this.#used + bytes;
    if (this.#buffer && needed <= this.#buffer.length) return this.#buffer;
    const grown = Buffer.allocUnsafe(Math.max(PART_BYTES, needed));
    this.#buffer?.copy(grown, 0, 0, this.#used);
    this.#buffer = grown;
    return grown;
  }

  #filled(): Buffer {
    return this.#buffer ? this.#buffer.subarray(0, this.#used) : Buffer.alloc(0);
  }

  async #uploadPart(): Promise<void> {
    this.#uploadId ??= (
      await this.#client.send(new CreateMultipartUploadCommand({ ...this.#where, ContentType: 'application/jsonl' }))
    ).UploadId;
    const PartNumber = this.#parts.length + 1;
    const { ETag } = await this.#client.send(
      new UploadPartCommand({ ...this.#where, UploadId: this.#uploadId, PartNumber, Body: this.#filled() }),
    );
    // The part is sent: its bytes may be overwritten.
    this.#used = 0;
    this.#parts.push({ ETag, PartNumber });
  }
}

/**
 * An object's lines, read in ranged pieces of `PIECE_BYTES`: no connection stays open while the
 * caller works through the lines (a paused download is cut by the server or the socket's timeout),
 * and memory holds one piece and the line that crosses into the next. Lines are views into the
 * piece, not copies. The last line may lack its newline.
 */
async function* splitLines(size: number, range: (start: number, end: number) => Promise<Buffer>): AsyncGenerator<SourceLine> {
  let pending: Buffer = EMPTY;
  let offset = 0;
  for (let at = 0; at < size; at += PIECE_BYTES) {
    const piece = await range(at, Math.min(size, at + PIECE_BYTES));
    let from = 0;
    for (let newline = piece.indexOf(10); newline !== -1; newline = piece.indexOf(10, from)) {
      const bytes = pending.length ? Buffer.concat([pending, piece.subarray(from, newline)]) : piece.subarray(from, newline);
      pending = EMPTY;
      yield { bytes, start: offset, end: offset + bytes.length };
      offset += bytes.length + 1;
      from = newline + 1;
    }
    pending = Buffer.concat([pending, piece.subarray(from)]);
  }
  if (pending.length > 0) yield { bytes: pending, start: offset, end: offset + pending.length };
}

export function bucketStore(client: StorageClient, bucket: string): JobStore {
  const get = (Key: string, Range?: string) => client.send(new GetObjectCommand({ Bucket: bucket, Key, Range }));
  const size = async (key: string) => {
    try {
      return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  };
  const range = async (key: string, start: number, end: number) => {
    if (end <= start) return Buffer.alloc(0);
    const { Body } = await get(key, `bytes=${start}-${end - 1}`);
    return asBuffer(await Body?.transformToByteArray());
  };
  return {
    async *lines(key) {
      const bytes = await size(key);
      if (bytes === undefined) throw new Error(`s3://${bucket}/${key} does not exist`);
      yield* splitLines(bytes, (start, end) => range(key, start, end));
    },
    size,
    range,
    async read(key) {
      try {
        const { Body } = await get(key);
        return asBuffer(await Body?.transformToByteArray());
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async write(key, body, contentType = 'application/json') {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    writer: (key) => new MultipartLineWriter(client, bucket, key),
  };
}

/** A URL that lets its holder PUT (an upload) or GET (a result) one object until it expires. */
export function presignedUrl(
  client: StorageClient,
  bucket: string,
  key: string,
  method: 'PUT' | 'GET',
  expiresIn: number,
): Promise<string> {
  const command =
    method === 'PUT' ? new PutObjectCommand({ Bucket: bucket, Key: key }) : new GetObjectCommand({ Bucket: bucket, Key: key });
  return getSignedUrl(client, command, { expiresIn });
}
