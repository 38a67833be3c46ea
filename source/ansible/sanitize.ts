// Host output is untrusted: before any of it reaches a terminal, remove escape sequences (colours,
// cursor moves, OSC titles and links) and every other control character but newline and tab, and
// show bidi controls and zero-width characters as <U+XXXX>, so `h\u202Egnp.exe` cannot display
// reversed and nothing hides in plain sight.
import stripAnsi from 'strip-ansi';

// C0 controls except \t and \n, DEL, and C1 controls (which some terminals obey as escapes).
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

// Bidi embeddings, overrides and isolates, zero-width spaces and joiners, LRM/RLM, BOM. A zero-width
// joiner between two pictographs builds one emoji (👩‍💻): that one stays (the lookarounds).
const pictograph = String.raw`[\p{Extended_Pictographic}\u{FE0F}\u{1F3FB}-\u{1F3FF}]`;
const invisible = new RegExp(String.raw`[\u200B\u200C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|\u200D(?!${pictograph})|(?<!${pictograph})\u200D`, 'gu');

const showInvisible = (char: string): string => `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

export function sanitize(text: string): string {
	return stripAnsi(text).replace(/\r\n?/g, '\n').replace(controls, '').replace(invisible, showInvisible);
}

/** Sanitized and on one line: for messages shown beside a host name. */
export function sanitizeLine(text: string): string {
	return sanitize(text).trim().replace(/\s*\n\s*/g, ' ⏎ ');
}
