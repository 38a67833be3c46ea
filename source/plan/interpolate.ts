// `${VAR}` and `${VAR:-default}` expansion from an environment, as in sh; `$$` is a literal `$`.
// Pure: no process.env here, the caller passes the environment.

export type Interpolated =
	| {ok: true; value: string; warnings: string[]}
	| {ok: false; errors: string[]};

type Segment = {literal: string} | {name: string; fallback?: Segment[]};

interface Parsed {
	segments: Segment[];
	end: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SUPPORTED = 'only ${NAME} and ${NAME:-default} are supported; write $$ for a literal $';

class SyntaxProblem extends Error {}

function parse(text: string, start: number, inFallback: boolean, warnings: string[]): Parsed {
	const segments: Segment[] = [];
	let literal = '';
	let i = start;
	const flush = (): void => {
		if (literal !== '') segments.push({literal});
		literal = '';
	};

	while (i < text.length) {
		const c = text[i];
		if (c === '}' && inFallback) {
			flush();
			return {segments, end: i};
		}

		if (c !== '$') {
			literal += c;
			i++;
			continue;
		}

		const next = text[i + 1];
		if (next === '$') {
			literal += '$';
			i += 2;
			continue;
		}

		if (next !== '{') {
			const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
			if (bare) {
				warnings.push(
					`$${bare[0]} is passed as written (only \${${bare[0]}} is expanded): write \${${bare[0]}} to expand it, or $$${bare[0]} to keep the $ and silence this warning`,
				);
			}

			literal += '$';
			i++;
			continue;
		}

		NAME.lastIndex = i + 2;
		const match = NAME.exec(text);
		if (!match) throw new SyntaxProblem(`"\${" must be followed by a variable name, as in \${HOME}: ${SUPPORTED}`);
		const name = match[0];
		const after = i + 2 + name.length;
		flush();
		if (text[after] === '}') {
			segments.push({name});
			i = after + 1;
		} else if (text.startsWith(':-', after)) {
			const inner = parse(text, after + 2, true, warnings);
			segments.push({name, fallback: inner.segments});
			i = inner.end + 1;
		} else if (after >= text.length) {
			throw new SyntaxProblem(`missing "}" after "\${${name}"`);
		} else {
			throw new SyntaxProblem(`unsupported "\${${name}${text[after] ?? ''}...": ${SUPPORTED}`);
		}
	}

	if (inFallback) throw new SyntaxProblem('missing "}" at the end of a ${NAME:-default}');
	flush();
	return {segments, end: i};
}

function evaluate(segments: Segment[], env: Record<string, string | undefined>, errors: string[]): string {
	let out = '';
	for (const segment of segments) {
		if ('literal' in segment) {
			out += segment.literal;
			continue;
		}

		const value = env[segment.name];
		if (segment.fallback === undefined) {
			if (value === undefined) {
				errors.push(
					`environment variable ${segment.name} is not set: export ${segment.name}=..., or write \${${segment.name}:-default} in the plan`,
				);
			} else {
				out += value;
			}
		} else {
			// As in sh, `:-` takes the default when the variable is unset OR empty.
			out += value === undefined || value === '' ? evaluate(segment.fallback, env, errors) : value;
		}
	}

	return out;
}

/** Expand `${VAR}`, `${VAR:-default}` (default may itself hold `${...}`) and `$$` in `text`. */
export function interpolate(text: string, env: Record<string, string | undefined>): Interpolated {
	const warnings: string[] = [];
	let parsed: Parsed;
	try {
		parsed = parse(text, 0, false, warnings);
	} catch (error) {
		if (error instanceof SyntaxProblem) return {ok: false, errors: [error.message]};
		throw error;
	}

	const errors: string[] = [];
	const value = evaluate(parsed.segments, env, errors);
	return errors.length > 0 ? {ok: false, errors} : {ok: true, value, warnings};
}
