// The viewer's own state (focus, selection, scrolling, overlays, message): a pure reducer, no
// React. Sizes it needs (how many rows, what fits) come in a context the caller computes from
// the screen geometry (components/geometry.ts `uiContext`), so the reducer never measures.
import {nextBandRule, type BandRule} from '../matrix/bands.js';
import type {RunView} from './types.js';
import {rowOfStep, type PlanRow} from './plan-rows.js';

export type Focus = 'plan' | 'matrix';
export type Overlay = 'none' | 'help' | 'log' | 'detail' | 'handover' | 'confirm-abort' | 'confirm-start' | 'filter';
export type Direction = 'up' | 'down' | 'left' | 'right';

/** A matrix cell: row = task, col = host index (never a grouped column's index). */
export interface Cell {
	row: number;
	col: number;
}

export interface UiState {
	focus: Focus;
	/** Step chosen in the plan pane; null = follow the running step. */
	selectedStep: number | null;
	/** Highlighted line of the plan pane while it has focus; null = on the shown step. */
	planCursor: number | null;
	/** The operator's cell and the step it belongs to; null = follow the running task. */
	cursor: (Cell & {step: number}) | null;
	/** First visible matrix row, first visible matrix column (displayed columns), first plan line. */
	scroll: {row: number; col: number; plan: number};
	overlay: Overlay;
	message: string | null;
	/**
	 * The run's state (`runStateKey`) when a key's answer was set: it goes once the state moves
	 * on (a "pause requested" once paused). Null: a notice, or no message; kept until the next key.
	 */
	messageWhen: string | null;
	/** Log view: lines scrolled up from the end (0 = the tail, following new lines). */
	logScroll: number;
	/** Full detail view: lines scrolled down from the top. */
	detailScroll: number;
	/** The command to go on by hand chosen in H's view (y copies it). */
	handOverPick: number;
	/** `/`: only the hosts, or tasks, whose name holds this text (any case); '' shows all. */
	hostFilter: string;
	/** What is typed after `/`, until enter applies it. */
	filterDraft: string;
	/** `x`: only the hosts and tasks with a failed, unreachable or changed result in the step. */
	problemsOnly: boolean;
	/** auto: hosts with identical results fold into one column when they do not all fit. */
	grouping: 'auto' | 'off';
	/** `b`: each band's hosts folded into one column (its worst status). */
	bandFold: boolean;
	/** `B`: what bands the host columns (matrix/bands.ts): inventory group, name prefix, none. */
	bandRule: BandRule;
}

export interface UiContext {
	steps: number;
	/** run.currentStep: the running (or last started) step, -1 before any. */
	currentStep: number;
	/** Matrix rows of the shown step (0 when it has no matrix). */
	rows: number;
	/** The rows shown (`/` and `x` may leave fewer), ascending; scroll.row counts in it. */
	rowList: ReadonlyArray<number>;
	/** The displayed columns, each with its host indexes (one host each unless grouped). */
	columns: ReadonlyArray<ReadonlyArray<number>>;
	visibleRows: number;
	visibleCols: number;
	visibleSteps: number;
	/** The plan pane's rows (plan-rows.ts; a finished split step is one): scroll.plan counts in them. */
	planRows: ReadonlyArray<PlanRow>;
	/** The cell shown while following (first failure, else the running task's), null if none. */
	follow: Cell | null;
	/** First visible row and column while following. */
	followRowFrom: number;
	followColFrom: number;
	logLines: number;
	logVisible: number;
	/**
	 * Failed and unreachable cells of the shown step, in row then column order (n/N walk them);
	 * a function, so the matrix is scanned only when asked, not for every frame.
	 */
	failures: () => ReadonlyArray<Cell>;
	/** Lines of the full detail view (wrapped), and how many show. */
	detailLines: number;
	detailVisible: number;
	/** Is there a running step to abort? */
	canAbort: boolean;
	/** A replay: nothing runs, so nothing can be aborted. */
	replay?: boolean;
	/** Are there commands to go on by hand (the run failed or was aborted)? */
	canHandOver: boolean;
	/** How many (H's view chooses among them). */
	handOverCount?: number;
	/** `runStateKey` of the run shown: the state a key's answer is about. */
	runState: string;
	/** The shown step's hosts have inventory groups (B offers the group rule). */
	groupsKnown?: boolean;
}

export type UiAction =
	| {type: 'move'; direction: Direction; by?: number}
	| {type: 'toggle-focus'}
	| {type: 'select-step'}
	| {type: 'follow'}
	| {type: 'escape'}
	| {type: 'open'; overlay: 'help' | 'log' | 'detail' | 'handover'}
	| {type: 'close'}
	| {type: 'scroll-log'; by: number}
	| {type: 'scroll-detail'; by: number}
	| {type: 'pick-handover'; by: number}
	| {type: 'jump-failure'; direction: 1 | -1}
	| {type: 'open-filter'}
	| {type: 'filter-type'; text: string}
	| {type: 'filter-erase'}
	| {type: 'filter-apply'}
	| {type: 'filter-clear'}
	| {type: 'toggle-problems'}
	| {type: 'request-abort'}
	| {type: 'request-start'}
	| {type: 'confirm'}
	| {type: 'cancel'}
	| {type: 'toggle-grouping'}
	| {type: 'toggle-bands'}
	| {type: 'cycle-band-rule'}
	| {type: 'set-message'; message: string; when?: string | null}
	| {type: 'run-state'; key: string}
	| {type: 'clear-message'};

/** What each band rule does, as B's answer and the help say it. */
export const bandRuleWords: Record<BandRule, string> = {
	group: 'hosts banded by inventory group',
	prefix: 'hosts banded by name prefix (up to the first digit or separator)',
	none: 'no bands',
};

export function initialUiState(overrides: Partial<UiState> = {}): UiState {
	return {
		focus: 'matrix',
		selectedStep: null,
		planCursor: null,
		cursor: null,
		scroll: {row: 0, col: 0, plan: 0},
		overlay: 'none',
		message: null,
		messageWhen: null,
		logScroll: 0,
		detailScroll: 0,
		handOverPick: 0,
		hostFilter: '',
		filterDraft: '',
		problemsOnly: false,
		grouping: 'auto',
		bandFold: false,
		bandRule: 'group',
		...overrides,
	};
}

/** The run's state as far as the footer's words go: a key's answer is about this state. */
export function runStateKey(run: Pick<RunView, 'status' | 'live'>): string {
	return `${run.status}${run.live ? '' : ' (no supervisor)'}`;
}

/** The step the matrix and detail show: the chosen one, the cursor's, or the running one. */
export function shownStep(ui: UiState, run: Pick<RunView, 'currentStep' | 'steps'>): number {
	const step = ui.selectedStep ?? ui.cursor?.step ?? run.currentStep;
	return Math.min(step, run.steps.length - 1);
}

export function clamp(value: number, low: number, high: number): number {
	return Math.max(low, Math.min(high, value));
}

/** The smallest change of `from` that shows `index` in a window of `size` over `total` items. */
export function keepVisible(from: number, index: number, size: number, total: number): number {
	const window = Math.max(1, size);
	let start = from;
	if (index < start) start = index;
	if (index >= start + window) start = index - window + 1;
	return clamp(start, 0, Math.max(0, total - window));
}

function columnOf(columns: UiContext['columns'], host: number): number {
	const index = columns.findIndex((hosts) => hosts.includes(host));
	return index < 0 ? 0 : index;
}

/** Where a task row stands among the shown rows: its position, or the last row before it. */
export function rowPosition(rowList: ReadonlyArray<number>, row: number): number {
	let low = 0;
	let high = rowList.length - 1;
	// rowList is in ascending order: a binary search, not a scan per frame.
	while (low <= high) {
		const mid = (low + high) >> 1;
		if (rowList[mid]! === row) return mid;
		if (rowList[mid]! < row) low = mid + 1;
		else high = mid - 1;
	}
	return Math.max(0, high);
}

function moveMatrix(state: UiState, direction: Direction, by: number, ctx: UiContext): UiState {
	const shown = ctx.rowList.length;
	if (shown === 0 || ctx.columns.length === 0) return {...state, message: ctx.rows === 0 ? 'no results to move over yet' : 'no task or host shows: / or x changes the filter'};
	const step = state.cursor?.step ?? state.selectedStep ?? ctx.currentStep;
	const start: Cell = state.cursor ?? ctx.follow ?? {row: ctx.rowList[shown - 1]!, col: ctx.columns[0]![0]!};
	const scroll = state.cursor ? state.scroll : {...state.scroll, row: ctx.followRowFrom, col: ctx.followColFrom};
	let at = rowPosition(ctx.rowList, start.row);
	let column = columnOf(ctx.columns, start.col);
	if (direction === 'up') at -= by;
	if (direction === 'down') at += by;
	if (direction === 'left') column -= by;
	if (direction === 'right') column += by;
	at = clamp(at, 0, shown - 1);
	column = clamp(column, 0, ctx.columns.length - 1);
	const sameColumn = direction === 'up' || direction === 'down';
	const col = sameColumn ? start.col : ctx.columns[column]![0]!;
	return {
		...state,
		cursor: {row: ctx.rowList[at]!, col, step},
		scroll: {
			...scroll,
			row: keepVisible(scroll.row, at, ctx.visibleRows, shown),
			col: keepVisible(scroll.col, column, ctx.visibleCols, ctx.columns.length),
		},
	};
}

/** n / N: the next (or previous) failed or unreachable cell after the cursor, wrapping around. */
function jumpFailure(state: UiState, direction: 1 | -1, ctx: UiContext): UiState {
	// Only the failures the filters leave show: n walks what is on screen.
	const rows = new Set(ctx.rowList);
	const cols = new Set(ctx.columns.flat());
	const failures = ctx.failures().filter((c) => rows.has(c.row) && cols.has(c.col));
	if (failures.length === 0) return {...state, message: `${direction === 1 ? 'n' : 'N'}: no failed or unreachable host in this step${ctx.rowList.length < ctx.rows || cols.size === 0 ? ' (among what the filter shows)' : ''}`};
	const step = state.cursor?.step ?? state.selectedStep ?? ctx.currentStep;
	const at = state.cursor ?? ctx.follow;
	const order = (c: Cell) => c.row * 2 ** 32 + c.col;
	let index: number;
	if (at === null) index = direction === 1 ? 0 : failures.length - 1;
	else if (direction === 1) {
		index = failures.findIndex((c) => order(c) > order(at));
		if (index === -1) index = 0;
	} else {
		index = failures.length - 1;
		while (index >= 0 && order(failures[index]!) >= order(at)) index--;
		if (index === -1) index = failures.length - 1;
	}
	const cell = failures[index]!;
	const scroll = state.cursor ? state.scroll : {...state.scroll, row: ctx.followRowFrom, col: ctx.followColFrom};
	return {
		...state,
		cursor: {...cell, step},
		message: `failure ${index + 1} of ${failures.length}`,
		scroll: {
			...scroll,
			row: keepVisible(scroll.row, rowPosition(ctx.rowList, cell.row), ctx.visibleRows, ctx.rowList.length),
			col: keepVisible(scroll.col, columnOf(ctx.columns, cell.col), ctx.visibleCols, ctx.columns.length),
		},
	};
}

function movePlan(state: UiState, direction: Direction, by: number, ctx: UiContext): UiState {
	if (ctx.steps === 0 || direction === 'left' || direction === 'right') return state;
	const from = rowOfStep(ctx.planRows, state.planCursor ?? state.selectedStep ?? Math.max(0, ctx.currentStep));
	const row = clamp(from + (direction === 'up' ? -by : by), 0, ctx.planRows.length - 1);
	const planCursor = ctx.planRows[row]?.first ?? 0;
	return {...state, planCursor, scroll: {...state.scroll, plan: keepVisible(state.scroll.plan, row, ctx.visibleSteps, ctx.planRows.length)}};
}

function escape(state: UiState): UiState {
	if (state.overlay !== 'none') return {...state, overlay: 'none'};
	if (state.focus === 'plan' && state.planCursor !== null) return {...state, planCursor: null};
	if (state.cursor !== null) return {...state, cursor: null};
	if (state.selectedStep !== null) return {...state, selectedStep: null, scroll: {...state.scroll, row: 0, col: 0}};
	return state;
}

export function uiReducer(state: UiState, action: UiAction, ctx: UiContext): UiState {
	const next = reduce(state, action, ctx);
	// A key's own answer ("nothing to abort") is about the state it was pressed in.
	const own = next.message !== null && action.type !== 'set-message' && action.type !== 'run-state';
	return own ? {...next, messageWhen: ctx.runState} : next;
}

function reduce(state: UiState, action: UiAction, ctx: UiContext): UiState {
	// A message lasts until the next key (a key's answer also until the run's state moves on).
	const s: UiState = action.type === 'set-message' || action.type === 'run-state' ? state : {...state, message: null, messageWhen: null};
	switch (action.type) {
		case 'move':
			return s.focus === 'plan' ? movePlan(s, action.direction, action.by ?? 1, ctx) : moveMatrix(s, action.direction, action.by ?? 1, ctx);
		case 'jump-failure':
			return jumpFailure(s, action.direction, ctx);
		case 'open-filter':
			return {...s, overlay: 'filter', filterDraft: s.hostFilter};
		case 'filter-type':
			return {...s, filterDraft: (s.filterDraft + action.text).slice(0, 64)};
		case 'filter-erase':
			return {...s, filterDraft: s.filterDraft.slice(0, -1)};
		case 'filter-apply': {
			const hostFilter = s.filterDraft.trim();
			return {...s, overlay: 'none', hostFilter, filterDraft: hostFilter, scroll: {...s.scroll, col: 0}, message: hostFilter ? `hosts or tasks matching "${hostFilter}"; / changes it, / then esc shows all` : null};
		}
		case 'filter-clear':
			return {...s, overlay: 'none', hostFilter: '', filterDraft: '', scroll: {...s.scroll, col: 0}};
		case 'toggle-problems':
			return {
				...s,
				problemsOnly: !s.problemsOnly,
				scroll: {...s.scroll, col: 0},
				message: s.problemsOnly ? 'all hosts again' : 'only hosts and tasks with a failed, unreachable or changed result; x shows all',
			};
		case 'toggle-focus':
			return {...s, focus: s.focus === 'plan' ? 'matrix' : 'plan', planCursor: null};
		case 'select-step': {
			const step = s.planCursor ?? s.selectedStep ?? ctx.currentStep;
			if (step < 0 || step >= ctx.steps) return s;
			return {...s, selectedStep: step, planCursor: null, cursor: null, focus: 'matrix', scroll: {...s.scroll, row: 0, col: 0}};
		}
		case 'follow':
			return {...s, selectedStep: null, planCursor: null, cursor: null, overlay: 'none', scroll: {...s.scroll, row: 0, col: 0}};
		case 'escape':
			return escape(s);
		case 'open':
			if (action.overlay === 'detail' && ctx.follow === null && s.cursor === null) return {...s, message: 'no cell to show yet'};
			if (action.overlay === 'handover' && !ctx.canHandOver) return {...s, message: 'H: the run has not failed or been aborted; nothing to hand over'};
			return {...s, overlay: action.overlay, logScroll: action.overlay === 'log' ? 0 : s.logScroll, detailScroll: 0};
		case 'close':
		case 'confirm':
			return {...s, overlay: 'none'};
		case 'cancel':
			return {...s, overlay: 'none', message: s.overlay === 'confirm-abort' ? 'abort cancelled' : null};
		case 'scroll-detail': {
			const most = Math.max(0, ctx.detailLines - ctx.detailVisible);
			return {...s, detailScroll: clamp(s.detailScroll + action.by, 0, most)};
		}
		case 'pick-handover':
			return {...s, handOverPick: clamp(s.handOverPick + action.by, 0, Math.max(0, (ctx.handOverCount ?? 0) - 1))};
		case 'scroll-log': {
			const most = Math.max(0, ctx.logLines - ctx.logVisible);
			return {...s, logScroll: clamp(s.logScroll + action.by, 0, most)};
		}
		case 'request-abort':
			if (ctx.replay) return {...s, message: 'a: a replay runs nothing; q leaves it'};
			if (!ctx.canAbort) return {...s, message: 'a: no step is running, nothing to abort'};
			return {...s, overlay: 'confirm-abort'};
		case 'request-start':
			return {...s, overlay: 'confirm-start'};
		case 'toggle-grouping': {
			const grouping = s.grouping === 'auto' ? 'off' : 'auto';
			const message = grouping === 'auto' ? 'g: hosts with identical results fold into one column when they do not fit' : 'g: one column per host';
			return {...s, grouping, message, scroll: {...s.scroll, col: 0}};
		}
		case 'toggle-bands': {
			const bandFold = !s.bandFold;
			const band = s.bandRule === 'prefix' ? 'name prefix' : 'inventory group';
			const message = bandFold ? `b: one column per ${band} (its worst result); b again shows every host` : 'b: one column per host again';
			return {...s, bandFold, message, scroll: {...s.scroll, col: 0}};
		}
		case 'cycle-band-rule': {
			const bandRule = nextBandRule(s.bandRule, ctx.groupsKnown === true);
			return {...s, bandRule, message: `B: ${bandRuleWords[bandRule]}${ctx.groupsKnown ? '' : ' (no inventory groups known)'}`, scroll: {...s.scroll, col: 0}};
		}
		case 'set-message':
			return {...s, message: action.message, messageWhen: action.when ?? null};
		case 'run-state':
			return s.messageWhen !== null && s.messageWhen !== action.key ? {...s, message: null, messageWhen: null} : s;
		case 'clear-message':
			return s;
	}
}
