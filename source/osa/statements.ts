// A bash script cut into logical lines ("statements") the way bash reads them: a newline ends one
// unless it is inside quotes, $(...), ${...} or after a backslash; comments are dropped. Pure.

export interface Statement {
	/** 1-based line of its first character, and of its last. */
	line: number;
	endLine: number;
	/** Offset of its first character in the script. */
	start: number;
	/** The text as written (quotes, continuations), without a trailing comment or blanks. */
	text: string;
	/** It starts at the beginning of its line (a function's closing brace must). */
	atColumn0: boolean;
}

export type StatementsResult = {ok: true; statements: Statement[]} | {ok: false; line: number; message: string};

type Context = 'single' | 'double' | 'subst' | 'brace' | 'backquote';

/** 1-based line numbers of offsets in a text. */
export function lineCounter(text: string): (offset: number) => number {
	const starts = [0];
	for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
	return offset => {
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if (starts[mid]! <= offset) low = mid;
			else high = mid - 1;
		}
		return low + 1;
	};
}

const OPENED: Record<Context, string> = {single: "a ' quote", double: 'a " quote', subst: '$(', brace: '${', backquote: 'a ` quote'};

export function readStatements(src: string): StatementsResult {
	const lineOf = lineCounter(src);
	const statements: Statement[] = [];
	const stack: Array<{context: Context; at: number}> = [];
	let start = -1;
	let end = -1;
	const flush = (): void => {
		if (start !== -1) {
			const text = src.slice(start, end).trimEnd();
			const lineStart = src.lastIndexOf('\n', start - 1) + 1;
			statements.push({line: lineOf(start), endLine: lineOf(start + text.length - 1), start, text, atColumn0: lineStart === start});
		}
		start = -1;
	};
	let i = 0;
	while (i < src.length) {
		const c = src[i]!;
		const top = stack.at(-1)?.context;
		if (top === 'single') {
			if (c === "'") stack.pop();
			i++;
			continue;
		}
		if (top === 'backquote') {
			if (c === '`') stack.pop();
			i += c === '\\' ? 2 : 1;
			continue;
		}
		if (c === '\\') {
			if (start === -1) start = i;
			i += 2;
			end = Math.min(i, src.length);
			continue;
		}
		if (top === 'double') {
			if (c === '"') stack.pop();
			else if (c === '$' && src[i + 1] === '(') stack.push({context: 'subst', at: i++});
			else if (c === '$' && src[i + 1] === '{') stack.push({context: 'brace', at: i++});
			else if (c === '`') stack.push({context: 'backquote', at: i});
			end = ++i;
			continue;
		}
		if (top === undefined) {
			// As bash: a line ending in && || or | goes on on the next one.
			if (c === '\n' && !(start !== -1 && /(&&|\|)$/.test(src.slice(start, end).trimEnd()))) {
				flush();
				i++;
				continue;
			}
			if ((start === -1 || c === '\n') && /[ \t\n]/.test(c)) {
				i++;
				continue;
			}
			if (c === '#' && (i === 0 || /[ \t\n;&|()]/.test(src[i - 1]!))) {
				while (i < src.length && src[i] !== '\n') i++;
				continue;
			}
		}
		if (start === -1) start = i;
		if (c === "'") stack.push({context: 'single', at: i});
		else if (c === '"') stack.push({context: 'double', at: i});
		else if (c === '`') stack.push({context: 'backquote', at: i});
		else if (c === '$' && src[i + 1] === '(') stack.push({context: 'subst', at: i++});
		else if (c === '$' && src[i + 1] === '{') stack.push({context: 'brace', at: i++});
		else if (c === '(' && top === 'subst') stack.push({context: 'subst', at: i});
		else if ((c === ')' && top === 'subst') || (c === '}' && top === 'brace')) stack.pop();
		end = ++i;
	}
	const open = stack[0];
	if (open !== undefined) {
		return {ok: false, line: lineOf(open.at), message: `${OPENED[open.context]} opened here is never closed, so bash would not run the script either`};
	}
	flush();
	return {ok: true, statements};
}

/** A statement's text on one line, blanks collapsed, cut for a message. */
export function shown(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}
