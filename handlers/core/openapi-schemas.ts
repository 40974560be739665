/** JSON Schemas of the responses (DESIGN §3), strict enough that the e2e tests catch any drift. */
interface Vocabulary {
  tasks: readonly string[];
  engines: readonly string[];
  encodings: readonly string[];
  slugs: readonly string[];
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const offset = { type: 'integer', minimum: 0 };
const strict = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const list = (item: string) => ({ type: 'array', items: ref(item) });
const model = strict({ name: { type: 'string' }, version: { type: 'string' } });

export function responseSchemas({ tasks, engines, encodings, slugs }: Vocabulary) {
  const task = { type: 'string', enum: [...tasks] };
  const problemType = { type: 'string', enum: slugs.map((slug) => `/problems/${slug}`) };
  const problem = {
    type: { ...problemType, description: 'A relative URI naming the kind of problem.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
  };
  return {
    Span: strict({ text: { type: 'string' }, start: offset, end: offset }),
    Token: strict({ text: { type: 'string' }, start: offset, end: offset, lemma: { type: 'string' }, pos: { type: 'string', description: 'Universal POS tag' }, tag: { type: 'string', description: 'The engine\'s own fine-grained tag' } }, ['text', 'start', 'end', 'pos', 'tag']),
    Entity: strict({ text: { type: 'string' }, label: { type: 'string' }, start: offset, end: offset }),
    NounPhrase: strict({ text: { type: 'string' }, start: offset, end: offset }, ['text']),
    Sentiment: strict({ polarity: { type: 'number', minimum: -1, maximum: 1 }, subjectivity: { type: 'number', minimum: 0, maximum: 1 } }),
    Result: strict({ tokens: list('Token'), sentences: list('Span'), entities: list('Entity'), nounPhrases: list('NounPhrase'), sentiment: ref('Sentiment') }, []),
    Model: model,
    NlpResponse: strict({
      engine: { type: 'string', enum: [...engines] },
      model: ref('Model'),
      tasks: { type: 'array', items: task },
      offsetEncoding: { type: 'string', enum: [...encodings] },
      results: list('Result'),
    }),
    AutoResponse: strict(
      {
        engine: { const: 'auto' },
        engines: { type: 'object', propertyNames: task, additionalProperties: { type: 'string', enum: [...engines] } },
        models: { type: 'object', propertyNames: { enum: [...engines] }, additionalProperties: ref('Model') },
        tasks: { type: 'array', items: task },
        offsetEncoding: { type: 'string', enum: [...encodings] },
        results: list('Result'),
        errors: { type: 'object', propertyNames: task, additionalProperties: strict({ type: problemType, title: { type: 'string' }, status: problem.status, detail: { type: 'string' } }) },
      },
      ['engine', 'engines', 'models', 'tasks', 'offsetEncoding', 'results'],
    ),
    Engines: strict({
      engines: { type: 'array', items: strict({ name: { type: 'string' }, tasks: { type: 'array', items: task }, defaultTasks: { type: 'array', items: task }, model: ref('Model') }) },
      autoOrder: { type: 'array', items: { type: 'string', enum: [...engines] } },
      limits: strict({ maxBodyBytes: { type: 'integer' }, maxTexts: { type: 'integer' }, maxTextCharacters: { type: 'integer' }, maxTotalCharacters: { type: 'integer' }, maxResponseBytes: { type: 'integer' } }),
    }),
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details. 413 problems add `limit`; an unknown engine adds `engines`; an unsupported task adds `supportedTasks` and `errors`.',
      properties: {
        ...problem,
        limit: { type: 'integer' },
        engines: { type: 'array', items: { type: 'string' } },
        supportedTasks: { type: 'array', items: task },
        errors: list('FieldError'),
      },
      required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
      additionalProperties: false,
    },
    ValidationProblem: { allOf: [ref('Problem')], required: ['errors'] },
    FieldError: strict({ path: { type: 'string', description: 'JSON Pointer into the request body' }, message: { type: 'string' } }),
  };
}
