// The check that a message meant for a Lithuanian screen holds no English (issue 15, item 8),
// shared by the core's tests and the browser tests.

const ENGLISH = new Set([
  'the', 'is', 'are', 'was', 'were', 'a', 'an', 'of', 'and', 'or', 'not', 'no', 'must', 'cannot', 'can', 'may', 'has', 'have', 'with',
  'for', 'this', 'that', 'there', 'which', 'than', 'at', 'on', 'in', 'it', 'its', 'your', 'you', 'file', 'row', 'rows', 'column',
  'columns', 'sheet', 'date', 'client', 'visit', 'already', 'nothing', 'saved', 'written', 'enter', 'should', 'would', 'only', 'one',
  'more', 'least', 'most', 'please', 'found', 'valid', 'invalid', 'empty', 'missing', 'wrong', 'password', 'account', 'code', 'name',
  'from', 'into', 'by', 'input', 'type', 'field', 'fields', 'unknown', 'expected', 'does', 'exist', 'here', 'write', 'read', 'been',
]);

/**
 * The common English words of a message, outside „quotes“ and "quotes" (a file's own names and
 * values, said as the file has them). A word in capitals is a column letter or an acronym (A,
 * ŽIV, CSV), not a word of a sentence. ("be" and "to" are Lithuanian words too: not listed.)
 */
export function englishWords(message: string): string[] {
  const outside = message.replace(/„[^“]*“/g, ' ').replace(/"[^"]*"/g, ' ');
  return outside.split(/[^\p{L}]+/u).filter((w) => w !== w.toUpperCase() && ENGLISH.has(w.toLowerCase()));
}
