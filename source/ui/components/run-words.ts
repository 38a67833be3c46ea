// What the footer says of the run as it stands: the keys that act on it now, and a line of
// words (what it waits for, what r would do, where the report is). Pure: from the RunView only,
// so the footer never offers a key the run would refuse in this state.
import {sanitizeLine} from '../../ansible/sanitize.js';
import {isFinished} from '../../run/machine.js';
import type {RunView, StepView} from '../types.js';
import {cut, cutStart, textWidth} from './text.js';

export type Hint = [key: string, word: string];

/** A piece of the words; the `flex` one (a task or step name, a path) is cut first to fit. */
export interface Part {
	text: string;
	flex?: boolean;
	/** A path: cut at its start, so the file name stays. */
	keepEnd?: boolean;
	/** What the keys line above says too (`— r resumes`): left out first, before a name is cut. */
	hint?: boolean;
}

export interface RunWords {
	/** Keys for the run, first in the footer. */
	keys: Hint[];
	/** The first key is what the operator most likely wants now (drawn inverse). */
	prominent: boolean;
	words: Part[];
	color: string | undefined;
}

export type ShownRun = Pick<RunView, 'status' | 'live' | 'waitingFor' | 'source' | 'steps' | 'replay' | 'notStartedBy'>;

const quoted = (text: string): Part[] => [{text: '"'}, {text: sanitizeLine(text), flex: true}, {text: '"'}];
const stepName = (s: StepView) => s.name || s.id;

/** Where a paused run stopped: the task that did not start, else the step. */
function pausedWhere(steps: StepView[]): Part[] {
	const paused = steps.find((s) => s.status === 'paused');
	if (paused?.pausedAtTask) return [{text: 'paused before task '}, ...quoted(paused.pausedAtTask)];
	if (paused) return [{text: 'paused in step '}, ...quoted(stepName(paused))];
	const next = steps.find((s) => !isFinished(s));
	return next ? [{text: 'paused before step '}, ...quoted(stepName(next))] : [{text: 'paused'}];
}

function stoppedAt(steps: StepView[], status: 'failed' | 'aborted', notStartedBy: string | null | undefined): Part[] {
	const step = steps.find((s) => (s.status === 'failed' && !s.fallback) || s.status === 'aborted' || s.status === 'interrupted');
	// A check before the upgrade failed and nothing of the upgrade ran (the viewer says so): it has not started.
	if (status === 'failed' && step && step.id === notStartedBy) return [{text: 'not started: check '}, ...quoted(stepName(step)), {text: ' failed'}];
	return step ? [{text: `${status} at step `}, ...quoted(stepName(step))] : [{text: `the run ${status}`}];
}

function replayWords(run: ShownRun): RunWords {
	if (run.status === 'paused') return {keys: [['r', 'go on']], prominent: true, words: [{text: 'replay paused — r goes on, q leaves'}], color: 'yellow'};
	if (run.live) return {keys: [['p', 'pause']], prominent: false, words: [], color: undefined};
	return {keys: [], prominent: false, words: [{text: 'the replay has ended — q leaves'}], color: undefined};
}

export function runWords(run: ShownRun, canHandOver: boolean): RunWords {
	if (run.replay) return replayWords(run);
	const going = run.status === 'running' || run.status === 'pausing';
	if (going && !run.live) {
		return {
			keys: [['r', 'take the run over']],
			prominent: true,
			words: [{text: `no supervisor is running it (left ${run.status}) — r takes the run over`}],
			color: 'red',
		};
	}
	switch (run.status) {
		case 'running':
			return {keys: [['p', 'pause'], ['a', 'abort']], prominent: false, words: [], color: undefined};
		case 'pausing':
			return {
				keys: [['a', 'abort']],
				prominent: false,
				words: [{text: 'pausing: waiting for '}, {text: sanitizeLine(run.waitingFor ?? 'the running task to finish'), flex: true}, {text: ' — a aborts', hint: true}],
				color: 'yellow',
			};
		case 'paused':
			return {
				keys: [['r', 'resume']],
				prominent: true,
				words: [...pausedWhere(run.steps), {text: ' — r resumes, q leaves (the run stays paused)', hint: true}],
				color: 'yellow',
			};
		case 'failed':
		case 'aborted': {
			const byHand = canHandOver ? ', H: commands to go on by hand' : '';
			// A step that failed on some hosts can be retried on those only (resume --failed-hosts).
			const hosts = run.status === 'failed' ? (run.steps.find((s) => s.status === 'failed' && !s.fallback)?.failedHosts ?? null) : null;
			const onHosts = hosts ? `, R on the ${hosts.length === 1 ? 'host' : `${hosts.length} hosts`} that failed only` : '';
			return {
				// Short: all three fit at 80 columns (the words below say what each does).
				keys: [...(canHandOver ? [['H', 'by hand'] as Hint] : []), ['r', 'retry'], ...(hosts ? [['R', 'retry failed hosts'] as Hint] : [])],
				prominent: false,
				words: [...stoppedAt(run.steps, run.status, run.notStartedBy), {text: ` — r retries it${onHosts}${byHand}`, hint: true}],
				color: 'red',
			};
		}
		case 'done': {
			const report: Part[] = run.source ? [{text: ' — report: '}, {text: `${sanitizeLine(run.source)}/report.md`, flex: true, keepEnd: true}] : [];
			return {keys: [], prominent: false, words: [{text: 'the run is done'}, ...report], color: 'green'};
		}
		case 'idle':
			return {keys: [], prominent: false, words: [{text: 'the run has not started yet'}], color: undefined};
	}
}

/** The words in at most `width` columns: hints go first, then the flex part gives way, then the end. */
export function fitParts(all: Part[], width: number): string {
	const whole = all.map((p) => p.text).join('');
	if (textWidth(whole) <= width) return whole;
	const parts = all.filter((p) => !p.hint);
	const fixed = parts.reduce((n, p) => n + (p.flex ? 0 : textWidth(p.text)), 0);
	const room = Math.max(8, width - fixed);
	const cutFlex = parts.map((p) => (p.flex ? (p.keepEnd ? cutStart(p.text, room) : cut(p.text, room)) : p.text)).join('');
	return cut(cutFlex, width);
}
