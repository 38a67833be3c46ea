// One RUN_TASKS item of run-upgrade.sh: its text (the marker's) and the openstack-ansible runs it
// stands for, `A [&& openstack-ansible B ...] [|| openstack-ansible C]`. Pure.
import {isCollectionPlaybook} from '../plan/validate-step.js';
import {evalTokens, expandDoubleQuoted, type Token} from './bash-words.js';
import {shown, type Statement} from './statements.js';

export interface Invocation {
	/** A collection playbook (ns.coll.name) or a file path (.yml/.yaml) as the item names it. */
	playbook: string;
	args: string[];
	line: number;
}

export interface OsaItem {
	/** Line of `RUN_TASKS+=(`. */
	line: number;
	/** The item as bash holds it (continuations removed, ${SCRIPTS_PATH} filled in): the marker's text. */
	text: string;
	/** Run in order while each succeeds (`&&`). */
	main: Invocation[];
	/** Run when one of main fails (`||`); its success counts as the item's. */
	fallback?: Invocation;
}

export const WRITE_PLAN = 'save the plan with "ansible-driver plan osa --write FILE" and edit it';
const FORM = 'ansible-driver reads an item as "A && openstack-ansible B || openstack-ansible C" (any number of && parts, at most one || part, last)';

type ItemResult = {ok: true; item: OsaItem} | {ok: false; line: number; message: string};

export function readItem(src: string, statement: Statement, lineOf: (offset: number) => number, scriptsDir: string): ItemResult {
	const fail = (offset: number, message: string): ItemResult => ({ok: false, line: lineOf(offset), message});
	const opening = /^RUN_TASKS\+=\([ \t]*"/.exec(statement.text);
	if (opening === null) {
		return fail(statement.start, `RUN_TASKS is set as "${shown(statement.text)}"; ansible-driver reads only RUN_TASKS+=("item"), one double-quoted item each; write it that way, or ${WRITE_PLAN}`);
	}
	const expanded = expandDoubleQuoted(src, statement.start + opening[0].length, scriptsDir);
	if (!expanded.ok) return fail(expanded.at, `RUN_TASKS item ${expanded.message}; write the command out, or ${WRITE_PLAN}`);
	const rest = src.slice(expanded.end + 1, statement.start + statement.text.length);
	if (!/^[ \t]*\)$/.test(rest)) {
		return fail(expanded.end, `RUN_TASKS+=(...) holds more than one double-quoted item ("${shown(rest)}" follows the first); give each item its own RUN_TASKS+=("...") line, or ${WRITE_PLAN}`);
	}
	const text = expanded.text;
	const at = (offset: number): number => expanded.from[offset] ?? expanded.end;
	const tokens = evalTokens(text);
	if (!tokens.ok) return fail(at(tokens.at), `RUN_TASKS item ${tokens.message}; write the command out, or ${WRITE_PLAN}`);
	const parts = splitParts(tokens.tokens);
	if (!Array.isArray(parts)) return fail(at(parts.at), `RUN_TASKS item ${parts.message}: ${FORM}; ${WRITE_PLAN}`);
	const invocations: Invocation[] = [];
	for (const [index, part] of parts.entries()) {
		const words = part.words;
		if (index > 0 && words[0]?.value !== 'openstack-ansible') {
			const after = part.op === '||' ? '||' : '&&';
			return fail(at(words[0]!.at), `RUN_TASKS item runs "${words.map(w => w.value).join(' ')}" after ${after}, which is not openstack-ansible: ${FORM}; ${WRITE_PLAN}`);
		}
		const [playbook, ...args] = index > 0 ? words.slice(1) : words;
		if (playbook === undefined) return fail(at(words[0]!.at), `RUN_TASKS item runs openstack-ansible without a playbook: ${FORM}; ${WRITE_PLAN}`);
		if (!isCollectionPlaybook(playbook.value) && !/\.ya?ml$/.test(playbook.value)) {
			return fail(at(playbook.at), `RUN_TASKS item gives openstack-ansible "${playbook.value}" first, which is not a playbook: ansible-driver reads the playbook (a file ending in .yml or a collection playbook such as openstack.osa.setup_hosts) first, then its arguments; move the playbook first, or ${WRITE_PLAN}`);
		}
		invocations.push({playbook: playbook.value, args: args.map(w => w.value), line: lineOf(at(playbook.at))});
	}
	const item: OsaItem = {line: statement.line, text, main: invocations};
	if (parts.at(-1)?.op === '||') item.fallback = item.main.pop()!;
	return {ok: true, item};
}

interface Part {
	/** The operator before this part. */
	op?: '&&' | '||';
	words: Array<Extract<Token, {kind: 'word'}>>;
}

function splitParts(tokens: Token[]): Part[] | {at: number; message: string} {
	if (tokens.length === 0) return {at: 0, message: 'is empty'};
	const parts: Part[] = [{words: []}];
	for (const token of tokens) {
		const current = parts.at(-1)!;
		if (token.kind === 'word') {
			current.words.push(token);
			continue;
		}
		if (current.words.length === 0) return {at: token.at, message: `has "${token.op}" with no command before it`};
		if (current.op === '||') {
			const message = token.op === '||' ? 'has a second "||"' : 'has "&&" after "||"';
			return {at: token.at, message};
		}
		parts.push({op: token.op, words: []});
	}
	const last = parts.at(-1)!;
	if (last.words.length === 0) return {at: tokens.at(-1)!.at, message: `ends with "${last.op}"`};
	return parts;
}
