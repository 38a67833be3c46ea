// ansible's own words when it stops before its first play (a YAML error, an unknown module, a
// missing role): the error and where it is, read from its output. 2.14 to 2.18 print
// "ERROR! ..." and "The error appears to be in 'FILE': line N, column M"; 2.19 and later print
// "[ERROR]: ..." and "Origin: FILE:N:M". Pure: the caller reads the text.
import stripAnsi from 'strip-ansi';

export interface AnsibleError {
	/** The error, on one line. */
	message: string;
	/** FILE:LINE:COLUMN when ansible said where, else null. */
	origin: string | null;
	/** The error as ansible printed it (its lines up to the next error or the end), for a full view. */
	text: string;
}

const start = /^(ERROR!|\[ERROR\]:)\s*/;

/** The first error in ansible's output, or null when it printed none. */
export function ansibleError(output: string): AnsibleError | null {
	const lines = stripAnsi(output).split('\n');
	const first = lines.findIndex((l) => start.test(l));
	if (first === -1) return null;
	let end = lines.findIndex((l, i) => i > first && start.test(l));
	if (end === -1) end = lines.length;
	const block = lines.slice(first, Math.min(end, first + 40));
	while (block.length > 0 && block[block.length - 1]!.trim() === '') block.pop();
	let message = block[0]!.replace(start, '').trim();
	// 2.14-2.18 on bad YAML: the first line says only that neither JSON nor YAML could be read.
	const yaml = block.findIndex((l) => l.startsWith('Syntax Error while loading YAML'));
	if (yaml !== -1 && block[yaml + 1]?.trim()) message = `Syntax Error while loading YAML: ${block[yaml + 1]!.trim()}`;
	let origin: string | null = null;
	for (const line of block) {
		const old = /^The error appears to be in '(.+)': line (\d+), column (\d+)/.exec(line);
		const now = /^Origin: (.+):(\d+):(\d+)\s*$/.exec(line);
		const m = old ?? now;
		if (m) {
			origin = `${m[1]}:${m[2]}:${m[3]}`;
			break;
		}
	}
	return {message, origin, text: block.join('\n')};
}

/** One line: the error, and where it is when ansible said. */
export function ansibleErrorLine(error: AnsibleError): string {
	return `${error.message}${error.origin ? ` (at ${error.origin})` : ''}`;
}
