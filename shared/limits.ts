/**
 * The size limits of everything people type, stated once. Characters where a person counts
 * characters (a form's ceiling, a schema's `max`); bytes where DynamoDB counts bytes: an item is
 * at most 400 KB, a partition key at most 2,048 bytes, and text is stored as UTF-8, where a
 * Vietnamese letter such as `ộ` takes 3 bytes. A text within its character ceiling can still
 * exceed the item, so every entry that stores a document also checks its bytes.
 */
export const LIMITS = {
  /** DynamoDB's item size limit (attribute names and values, UTF-8). */
  itemBytes: 400 * 1024,
  /** DynamoDB's partition key limit. */
  partitionKeyBytes: 2048,
  /** DynamoDB's sort key limit. */
  sortKeyBytes: 1024,
  /**
   * A program's document (title, objectives and every content item's text) as stored on one item:
   * the program record and each version item carry it whole. The rest of the item (parties,
   * signatures, the reminder policy, keys, attribute names) stays well within the remaining 50 KB.
   */
  documentBytes: 350_000,
  /**
   * What an official saves or sends from a form (comment plus the fields, counted as JSON, escapes
   * included). The decision goes to the waiting execution as a task's result, and Step Functions
   * takes at most 256 KB (262,144 bytes) for a result and for a state, which also holds the step's
   * input: this leaves over 60 KB for the rest.
   */
  formBytes: 200_000,
  /** Ids chosen by clients or the server: letters, digits, "-" and "_". */
  idChars: 80,
  titleChars: 500,
  objectivesChars: 4000,
  contentItemChars: 4000,
  contentItems: 100,
  parties: 20,
  commentChars: 4000,
  nameChars: 300,
  localityChars: 120,
  emailChars: 254,
} as const;

/** What an id looks like (checked on bodies and on `{id}` path parameters alike). */
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The UTF-8 size of a text, as DynamoDB counts it. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The UTF-8 size of several texts together (absent ones count 0). */
export const totalUtf8Bytes = (texts: readonly (string | undefined)[]): number =>
  texts.reduce((sum, text) => sum + (text ? utf8Bytes(text) : 0), 0);

/** "350 KB"-style wording for messages (1 KB = 1,000 bytes, as people read it). */
export const kilobytes = (bytes: number): string => `${Math.floor(bytes / 1000).toLocaleString('en-US')} KB`;

/**
 * A message for a text whose bytes exceed a budget, saying why a text under its character limit
 * can be too large.
 */
export const tooManyBytesMessage = (bytes: number, limit: number): string =>
  `is ${kilobytes(bytes)} in UTF-8; at most ${kilobytes(limit)} fits (Vietnamese letters with marks take 2–3 bytes each)`;
