// Host output is untrusted: before any of it reaches a terminal, remove escape sequences (colours,
// cursor moves, OSC titles and links) and every other control character but newline and tab.
import stripAnsi from 'strip-ansi';

// C0 controls except \t and \n, DEL, and C1 controls (which some terminals obey as escapes).
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function sanitize(text: string): string {
	return stripAnsi(text).replace(/\r\n?/g, '\n').replace(controls, '');
}

/** Sanitized and on one line: for messages shown beside a host name. */
export function sanitizeLine(text: string): string {
	return sanitize(text).trim().replace(/\s*\n\s*/g, ' ⏎ ');
}
