// How bash reads a RUN_TASKS item, in its two passes: the double-quoted string in the script
// (RUN_TASKS+=("...")), then run_lock's `eval "openstack-ansible $item"`. Only the forms that are
// plain words are read; anything bash would expand or run is refused (never guessed). Pure.

/** A refusal: where (an offset into the text being read) and why. */
export interface Refusal {
	ok: false;
	at: number;
	message: string;
}

export interface Expanded {
	ok: true;
	/** The item as bash holds it: `\`+newline removed, ${SCRIPTS_PATH} filled in. */
	text: string;
	/** For each character of text, the offset in the script it comes from. */
	from: number[];
	/** Offset of the closing quote. */
	end: number;
}

const SPECIAL = /[0-9@*#?$!-]/;

/** Reads a double-quoted string of the script from `start` (just after its opening quote). */
export function expandDoubleQuoted(src: string, start: number, scriptsDir: string): Expanded | Refusal {
	let text = '';
	const from: number[] = [];
	const add = (chars: string, at: number): void => {
		text += chars;
		for (let k = 0; k < chars.length; k++) from.push(at);
	};
	let i = start;
	while (i < src.length) {
		const c = src[i]!;
		if (c === '"') return {ok: true, text, from, end: i};
		if (c === '\\') {
			const next = src[i + 1];
			if (next === '\n') i += 2;
			else if (next !== undefined && '$`"\\'.includes(next)) {
				add(next, i);
				i += 2;
			} else {
				add(c, i);
				i++;
			}
			continue;
		}
		if (c === '\n') return refuse(i, 'goes on to the next line without a "\\" at the end of this one, so bash would keep the line break in it');
		if (c === '`') return refuse(i, 'uses `...`, which ansible-driver does not evaluate');
		if (c === '$') {
			const rest = src.slice(i + 1);
			const braced = /^\{([A-Za-z_]\w*)\}/.exec(rest);
			const bare = /^([A-Za-z_]\w*)/.exec(rest);
			const name = braced?.[1] ?? bare?.[1];
			if (name === 'SCRIPTS_PATH') {
				add(scriptsDir, i);
				i += 1 + (braced ?? bare)![0].length;
				continue;
			}
			if (rest.startsWith('(')) return refuse(i, 'uses $(...), which ansible-driver does not evaluate');
			if (name !== undefined || rest.startsWith('{') || SPECIAL.test(rest[0] ?? '')) {
				const written = rest.startsWith('{') ? `$${rest.slice(0, rest.indexOf('}') + 1 || 12)}` : `$${name ?? rest[0]}`;
				return refuse(i, `uses ${written}, which ansible-driver does not know (it fills in only \${SCRIPTS_PATH})`);
			}
		}
		add(c, i);
		i++;
	}
	return refuse(start - 1, 'opens a " quote that is never closed');
}

export type Token = {kind: 'word'; value: string; at: number} | {kind: 'op'; op: '&&' | '||'; at: number};

const OPERATOR: Record<string, string> = {
	';': 'runs a second command after ";"',
	'|': 'pipes into another command with "|"',
	'&': 'runs a command in the background with "&"',
	'<': 'redirects input with "<"',
	'>': 'redirects output with ">"',
	'(': 'has a "(" (a subshell)',
	')': 'has a ")"',
	'\n': 'holds a line break',
};

/** An expansion at `text[i]` (a `$`) that eval would perform, or undefined for a literal `$`. */
function expansionAt(text: string, i: number): string | undefined {
	const next = text[i + 1] ?? '';
	if (next === '(') return 'uses $(...), which ansible-driver does not evaluate';
	if (next === '{' || next === "'" || next === '"' || /[A-Za-z_]/.test(next) || SPECIAL.test(next)) {
		return `uses "${text.slice(i, i + 12)}", which eval would expand and ansible-driver does not; put it in single quotes if it is meant as written`;
	}
	return undefined;
}

/** Splits an item as `eval "openstack-ansible $item"` would: words (quotes removed) and && / ||. */
export function evalTokens(text: string): {ok: true; tokens: Token[]} | Refusal {
	const tokens: Token[] = [];
	let word = '';
	let wordAt = -1;
	const endWord = (): void => {
		if (wordAt !== -1) tokens.push({kind: 'word', value: word, at: wordAt});
		word = '';
		wordAt = -1;
	};
	const begin = (at: number): void => {
		if (wordAt === -1) wordAt = at;
	};
	let i = 0;
	while (i < text.length) {
		const c = text[i]!;
		const pair = text.slice(i, i + 2);
		if (c === ' ' || c === '\t') {
			endWord();
			i++;
		} else if (pair === '&&' || pair === '||') {
			endWord();
			tokens.push({kind: 'op', op: pair, at: i});
			i += 2;
		} else if (c in OPERATOR) {
			return refuse(i, OPERATOR[c]!);
		} else if (c === "'") {
			const close = text.indexOf("'", i + 1);
			if (close === -1) return refuse(i, "opens a ' quote that is never closed");
			begin(i);
			word += text.slice(i + 1, close);
			i = close + 1;
		} else if (c === '"') {
			begin(i);
			let j = i + 1;
			for (; j < text.length && text[j] !== '"'; j++) {
				const d = text[j]!;
				if (d === '\\' && j + 1 < text.length && '$`"\\\n'.includes(text[j + 1]!)) {
					if (text[j + 1] !== '\n') word += text[j + 1];
					j++;
				} else if (d === '`') {
					return refuse(j, 'uses `...`, which ansible-driver does not evaluate');
				} else if (d === '$' && expansionAt(text, j) !== undefined) {
					return refuse(j, expansionAt(text, j)!);
				} else {
					word += d;
				}
			}
			if (j >= text.length) return refuse(i, 'opens a " quote that is never closed');
			i = j + 1;
		} else if (c === '\\') {
			if (text[i + 1] !== '\n') {
				begin(i);
				word += text[i + 1] ?? '';
			}
			i += 2;
		} else {
			const problem = unquotedProblem(text, i, wordAt === -1);
			if (problem !== undefined) return refuse(i, problem);
			begin(i);
			word += c;
			i++;
		}
	}
	endWord();
	return {ok: true, tokens};
}

/** Why an unquoted character would make eval do more than pass a word on, if it would. */
function unquotedProblem(text: string, i: number, wordStart: boolean): string | undefined {
	const c = text[i]!;
	if (c === '$') return expansionAt(text, i);
	if (c === '`') return 'uses `...`, which ansible-driver does not evaluate';
	if (c === '#' && wordStart) return 'has a "#", which eval takes as the start of a comment';
	if ('*?['.includes(c)) return `has an unquoted "${c}", which bash would match against file names; put the word in single quotes`;
	if (c === '~') return 'has an unquoted "~", which bash would replace by a home folder; put the word in single quotes';
	if (c === '{' || c === '}') return `has an unquoted "${c}" (bash brace expansion); put the word in single quotes`;
	if (c === '!' && wordStart && /^[ \t]|^$/.test(text.slice(i + 1, i + 2))) return 'has a lone "!", which bash takes as "not"';
	return undefined;
}

function refuse(at: number, message: string): Refusal {
	return {ok: false, at, message};
}
