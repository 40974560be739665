/**
 * The S3 adapter: the only module that talks to S3. It gives the job steps what they need of a
 * bucket (core/jobs/store.ts): an object's lines, read in ranged pieces (never the whole object in
 * memory), byte-range reads, whole small objects, JSON Lines written in 8 MiB parts of a multipart
 * upload, and presigned URLs. The endpoint URL comes from the SDK's own configuration
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

const PART_BYTES = 8 * 1024 * 1024;
const PIECE_BYTES = 8 * 1024 * 1024;

const missing = (error: unknown) => error instanceof NoSuchKey || error instanceof NotFound;

/** Multipart upload of JSON Lines: a part goes up each time 8 MiB have gathered; a small object is one PutObject. */
class MultipartLineWriter implements LineWriter {
  readonly #client: StorageClient;
  readonly #where: { Bucket: string; Key: string };
  #buffered: Buffer[] = [];
  #bufferedBytes = 0;
  #uploadId?: string;
  readonly #parts: Array<{ ETag: string | undefined; PartNumber: number }> = [];

  constructor(client: StorageClient, bucket: string, key: string) {
    this.#client = client;
    this.#where = { Bucket: bucket, Key: key };
  }

  async write(line: string): Promise<void> {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    this.#buffered.push(bytes);
    this.#bufferedBytes += bytes.length;
    if (this.#bufferedBytes >= PART_BYTES) await this.#uploadPart();
  }

  async close(): Promise<void> {
    const body = Buffer.concat(this.#buffered);
    if (this.#uploadId === undefined) {
      await this.#client.send(new PutObjectCommand({ ...this.#where, Body: body, ContentType: 'application/jsonl' }));
      return;
    }
    if (body.length > 0) await this.#uploadPart();
    await this.#client.send(
      new CompleteMultipartUploadCommand({ ...this.#where, UploadId: this.#uploadId, MultipartUpload: { Parts: this.#parts } }),
    );
  }

  async abort(): Promise<void> {
    if (this.#uploadId) await this.#client.send(new AbortMultipartUploadCommand({ ...this.#where, UploadId: this.#uploadId }));
  }

  async #uploadPart(): Promise<void> {
    this.#uploadId ??= (
      await this.#client.send(new CreateMultipartUploadCommand({ ...this.#where, ContentType: 'application/jsonl' }))
    ).UploadId;
    const Body = Buffer.concat(this.#buffered);
    this.#buffered = [];
    this.#bufferedBytes = 0;
    const PartNumber = this.#parts.length + 1;
    const { ETag } = await this.#client.send(new UploadPartCommand({ ...this.#where, UploadId: this.#uploadId, PartNumber, Body }));
    this.#parts.push({ ETag, PartNumber });
  }
}

/**
 * An object's lines, read in ranged pieces of `PIECE_BYTES`: no connection stays open while the
 * caller works through the lines (a paused download is cut by the server or the socket's timeout),
 * and memory holds one piece and one line. The last line may lack its newline.
 */
async function* splitLines(size: number, range: (start: number, end: number) => Promise<Buffer>): AsyncGenerator<SourceLine> {
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0;
  for (let at = 0; at < size; at += PIECE_BYTES) {
    const piece = await range(at, Math.min(size, at + PIECE_BYTES));
    let data = pending.length ? Buffer.concat([pending, piece]) : piece;
    let newline = data.indexOf(10);
    while (newline !== -1) {
      yield { bytes: data.subarray(0, newline), start: offset, end: offset + newline };
      offset += newline + 1;
      data = data.subarray(newline + 1);
      newline = data.indexOf(10);
    }
    pending = Buffer.from(data);
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
    return Buffer.from((await Body?.transformToByteArray()) ?? []);
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
        return Buffer.from((await Body?.transformToByteArray()) ?? []);
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
