/**
 * The S3 adapter's JSON Lines, over a mocked S3 client: lines read back across the seams of its
 * ranged pieces, and lines written as parts of a multipart upload that each hold a whole part
 * (S3 refuses a part under 5 MiB but the last) and together hold exactly what was written.
 */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { bucketStore, createStorageClient } from '../../../handlers/adapters/s3.js';

process.env.AWS_REGION = 'us-east-1';
const s3 = mockClient(S3Client);
const MiB = 1024 * 1024;
const store = () => bucketStore(createStorageClient({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }), 'jobs');

/** An object S3 serves, ranges included. */
function serve(object: Buffer): void {
  s3.on(HeadObjectCommand).resolves({ ContentLength: object.length });
  s3.on(GetObjectCommand).callsFake(({ Range }: { Range?: string }) => {
    const [start = 0, end = object.length - 1] = (Range?.replace('bytes=', '').split('-') ?? []).map(Number);
    const bytes = object.subarray(start, end + 1);
    return { Body: { transformToByteArray: async () => new Uint8Array(bytes) } };
  });
}

/** What each UploadPart and PutObject carried, copied when it was sent (the writer reuses its buffer). */
function record(): Buffer[] {
  const bodies: Buffer[] = [];
  const keep = ({ Body }: { Body?: unknown }) => {
    bodies.push(Buffer.from(Body as Uint8Array));
    return { ETag: `"${bodies.length}"` };
  };
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3.on(UploadPartCommand).callsFake(keep);
  s3.on(PutObjectCommand).callsFake(keep);
  s3.on(CompleteMultipartUploadCommand).resolves({});
  return bodies;
}

beforeEach(() => s3.reset());

describe('lines of an object', () => {
  it('reads every line with its byte range, across the seams of its 1 MiB pieces', async () => {
    // prepare: lines of many lengths, one of them longer than a piece, the last without its newline
    const lines = Array.from({ length: 400 }, (_, i) => `{"id":${i},"text":"${'é'.repeat((i * 977) % 9_000)}"}`);
    lines.splice(200, 0, `{"id":"long","text":"${'x'.repeat(3 * MiB)}"}`);
    const object = Buffer.from(lines.join('\n'));
    serve(object);
    // act
    const read = [];
    for await (const line of store().lines('uploads/a')) read.push(line);
    // assess
    expect(read.map((line) => line.bytes.toString())).toEqual(lines);
    for (const line of read) expect(object.subarray(line.start, line.end).equals(line.bytes)).toBe(true);
    expect(s3.commandCalls(GetObjectCommand).length).toBe(Math.ceil(object.length / MiB));
  });
});

describe('a JSON Lines writer', () => {
  it('sends a small object as one PutObject', async () => {
    const bodies = record();
    const writer = store().writer('results/small.jsonl');
    for (const line of ['{"a":1}', '{"b":2}']) await writer.write(line);
    await writer.close();
    expect(bodies.map(String)).toEqual(['{"a":1}\n{"b":2}\n']);
    expect(s3).not.toHaveReceivedCommand(CreateMultipartUploadCommand);
  });

  it('sends a large one as parts of 8 MiB but the last (a longer line makes its part longer), in order', async () => {
    // prepare: about 30 MiB of lines, one of 9 MiB
    const bodies = record();
    const lines = Array.from({ length: 3_000 }, (_, i) => `{"id":${i},"text":"${String(i % 10).repeat(7_000)}"}`);
    lines.splice(1_500, 0, `{"id":"long","text":"${'y'.repeat(9 * MiB)}"}`);
    const writer = store().writer('results/large.jsonl');
    // act
    for (const line of lines) await writer.write(line);
    await writer.close();
    // assess
    expect(Buffer.concat(bodies).toString()).toBe(`${lines.join('\n')}\n`);
    for (const body of bodies.slice(0, -1)) expect(body.length).toBeGreaterThanOrEqual(8 * MiB);
    expect(s3).toHaveReceivedCommandWith(CompleteMultipartUploadCommand, {
      UploadId: 'upload-1',
      MultipartUpload: { Parts: bodies.map((_, i) => ({ ETag: `"${i + 1}"`, PartNumber: i + 1 })) },
    });
  });
});
