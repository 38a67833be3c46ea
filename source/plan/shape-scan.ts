// Nesting depth, steps and entries per list or map, counted on yaml's lexer tokens before the
// document is built (the lexer is lazy and linear; building is where a pathological file costs
// minutes and gigabytes). The scan stops at the first limit passed. It follows YAML only as far
// as these counts need: whether the file is valid YAML is for the parser to say afterwards.
import {CST, Lexer} from 'yaml';
import {MAX_PLAN_DEPTH, MAX_PLAN_ENTRIES, MAX_PLAN_STEPS} from './limits.js';

export interface ShapeProblem {
	/** Offset in the text of the token that passed the limit. */
	offset: number;
	key?: string;
	message: string;
}

/** An open collection: a block one by the column of its items (`-`) or keys; a flow one by its bracket. */
interface Collection {
	column: number;
	kind: 'map' | 'seq';
	entries: number;
	/** The plan's top-level steps: list. */
	steps: boolean;
	/** Flow only: a comma (or the bracket) was the last thing at this level. */
	expectItem: boolean;
}

// The lexer's markers for "a document", "a scalar follows" and "flow ended by an error" take no
// room in the text (control characters are refused before the scan, so none is real text).
const SCALAR_FOLLOWS = '\u001F';
const zeroWidth = new Set(['\u0002', SCALAR_FOLLOWS, '\u0018']);
// Tokens that neither start nor end a node.
const passOver = new Set(['space', 'newline', 'comment', 'anchor', 'tag', 'doc-mode', 'byte-order-mark', 'directive-line']);

function unquote(source: string): string {
	return source.length >= 2 && (source.startsWith('"') || source.startsWith("'")) ? source.slice(1, -1) : source;
}

const depthProblem = (offset: number): ShapeProblem => ({
	offset,
	message: `lists and maps are nested more than ${MAX_PLAN_DEPTH} deep here: a plan needs only a few levels; look for unclosed [ or { brackets`,
});

/** A collection with one entry too many: the steps list, or any other list or map. */
function entriesProblem(offset: number, collection: Collection): ShapeProblem {
	if (collection.steps) {
		return {offset, key: 'steps', message: `the plan has more than ${MAX_PLAN_STEPS} steps (the limit; real upgrades have a few dozen): split it into several plans`};
	}
	const what = collection.kind === 'map' ? 'map has more than' : 'list has more than';
	return {offset, message: `this ${what} ${MAX_PLAN_ENTRIES} entries (the limit for any list or map but steps:): a plan needs far fewer; check what generated the file`};
}

/** One more entry in a collection; a problem when that passes its limit. */
function addEntry(collection: Collection, offset: number): ShapeProblem | undefined {
	collection.entries++;
	return collection.entries > (collection.steps ? MAX_PLAN_STEPS : MAX_PLAN_ENTRIES) ? entriesProblem(offset, collection) : undefined;
}

/** The first limit the text passes, or undefined. */
export function scanShape(text: string): ShapeProblem | undefined {
	let blocks: Collection[] = [];
	let flows: Collection[] = [];
	let rootIsFlowMap = false;
	let offset = 0;
	let lineStart = 0;
	/** At the start of a line or after `- ` / `? `: the next token starts a node at its column. */
	let nodeStartPending = true;
	let nodeColumn = 0;
	let lastScalar: string | undefined;
	let scalarFollows = false;
	/** The top-level `steps:` key was just read: the next collection opened is the steps list. */
	let stepsKey = false;

	/** A block map key or sequence item at `column`: closes deeper blocks, opens one if new. */
	const open = (column: number, kind: Collection['kind']): Collection => {
		while ((blocks.at(-1)?.column ?? -1) > column) blocks.pop();
		const top = blocks.at(-1);
		// A sequence may sit at its parent key's column ("steps:\n- a"); a key there ends it.
		if (top?.column === column && top.kind === 'seq' && kind === 'map') blocks.pop();
		const parent = blocks.at(-1);
		if (parent?.column === column && parent.kind === kind) return parent;
		const opened: Collection = {column, kind, entries: 0, steps: stepsKey && kind === 'seq', expectItem: false};
		blocks.push(opened);
		return opened;
	};

	for (const source of new Lexer().lex(text)) {
		const start = offset;
		const column = start - lineStart;
		if (source === SCALAR_FOLLOWS) {
			scalarFollows = true;
			continue;
		}
		if (!zeroWidth.has(source)) {
			offset += source.length;
			const newline = source.lastIndexOf('\n');
			if (newline !== -1) lineStart = start + newline + 1;
		}
		// The text of a plain or block scalar is text whatever it looks like ("-", "---", "  x").
		const type = scalarFollows ? 'scalar' : (CST.tokenType(source) ?? 'unknown');
		scalarFollows = false;
		const endsLine = source.endsWith('\n');

		if (passOver.has(type)) {
			if (endsLine && flows.length === 0) nodeStartPending = true;
			continue;
		}
		if (type === 'doc-start' || type === 'doc-end') {
			// Another document (the parser refuses it): scanned afresh.
			blocks = [];
			flows = [];
			rootIsFlowMap = false;
			nodeStartPending = true;
			lastScalar = undefined;
			stepsKey = false;
			continue;
		}
		if (nodeStartPending && flows.length === 0) {
			nodeColumn = column;
			nodeStartPending = false;
		}

		// Inside brackets, an entry starts at the first token after the bracket or a comma.
		const flow = flows.at(-1);
		if (flow !== undefined) {
			if (type === 'comma') flow.expectItem = true;
			else if (flow.expectItem && type !== 'flow-seq-end' && type !== 'flow-map-end') {
				flow.expectItem = false;
				const problem = addEntry(flow, start);
				if (problem) return problem;
			}
		}

		switch (type) {
			case 'flow-seq-start':
			case 'flow-map-start': {
				if (flows.length === 0 && blocks.length === 0 && type === 'flow-map-start') rootIsFlowMap = true;
				const kind = type === 'flow-seq-start' ? 'seq' : 'map';
				flows.push({column, kind, entries: 0, steps: stepsKey && kind === 'seq', expectItem: true});
				if (blocks.length + flows.length > MAX_PLAN_DEPTH) return depthProblem(start);
				break;
			}
			case 'flow-seq-end':
			case 'flow-map-end':
				flows.pop();
				break;
			case 'flow-error-end':
				flows = [];
				break;
			case 'seq-item-ind':
			case 'explicit-key-ind': {
				if (flows.length > 0) break;
				const collection = open(column, type === 'seq-item-ind' ? 'seq' : 'map');
				if (blocks.length > MAX_PLAN_DEPTH) return depthProblem(start);
				if (type === 'seq-item-ind') {
					const problem = addEntry(collection, start);
					if (problem) return problem;
				}
				nodeStartPending = true;
				break;
			}
			case 'map-value-ind': {
				const key = lastScalar === undefined ? undefined : unquote(lastScalar);
				if (flows.length === 0) {
					const map = open(nodeColumn, 'map');
					if (blocks.length > MAX_PLAN_DEPTH) return depthProblem(start);
					const problem = addEntry(map, start);
					if (problem) return problem;
				}
				// Only the root map's key: in a block root (one open block) or a flow one ({"steps": [...]}).
				const atRoot = flows.length === 0 ? blocks.length === 1 : flows.length === 1 && rootIsFlowMap && blocks.length === 0;
				lastScalar = undefined;
				stepsKey = key === 'steps' && atRoot;
				if (endsLine && flows.length === 0) nodeStartPending = true;
				continue;
			}
			default:
				break;
		}
		stepsKey = false;
		lastScalar = type === 'scalar' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar' ? source : undefined;
		if (endsLine && flows.length === 0) nodeStartPending = true;
	}
	return undefined;
}
