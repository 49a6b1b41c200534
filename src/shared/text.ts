/** Half of a UTF-16 surrogate pair: JSON can carry one ("\ud800"), but it is not text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

/** No NUL (SQLite cuts SQL text there, PostgreSQL refuses it in text) and no lone surrogate. */
export const isSafeText = (value: string): boolean => !value.includes('\u0000') && !LONE_SURROGATE.test(value);
