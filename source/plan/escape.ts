// Text from a plan file shown in a message: control characters (which a terminal may obey) and
// invisible ones (bidi overrides, zero-width spaces) are shown as escapes the operator can find.

// C0 controls but tab (newlines too: a problem stays on its one line), DEL, C1 controls,
// zero-width and direction marks, bidi embeddings and isolates, line and paragraph separators, BOM.
// eslint-disable-next-line no-control-regex
const hidden = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2066-\u2069\uFEFF]/g;

/** One character as an escape: `\x1b`, `\u202e`. */
export function escapeChar(char: string): string {
	const code = char.codePointAt(0) ?? 0;
	return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function escapeControls(text: string): string {
	return text.replace(hidden, escapeChar);
}
