// Which files Sessionscope offers to score, by name. Kept free of imports:
// the extension's bundle takes it without the readers.

/**
 * File name extensions (lower case, no dot) of the logs Sessionscope offers to
 * score: its menus' `when` clauses (package.json, checked against this list by
 * test/unit/manifest.test.ts), the active editor's file and the file picker.
 * A `.gz` of any of them is read too. The format comes from the text, not the
 * name (detectFormat): a key=value or CEF log is often `.log` or `.txt`,
 * Windows event XML `.xml`.
 */
export const LOG_FILE_EXTENSIONS = ['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'log', 'txt', 'xml', 'cef'] as const;

/**
 * The subset that gets the editor title's button too: names that are logs or
 * tables by their kind. `.log`, `.txt` and `.xml` files are mostly something
 * else (build output, notes, project files); they keep the context menus.
 */
export const TITLE_BUTTON_EXTENSIONS = ['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'cef'] as const;
