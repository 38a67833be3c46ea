// An attempt that ended, judged: its outcome from its exit, its events and its log (machine.ts's
// decideOutcome: a step is done only when its process exited 0 and its events reached the recap
// with no pause), and what the step's state keeps of it.
import {ansibleErrorLine} from '../ansible/error-text.js';
import type {PlanStep} from '../plan/types.js';
import {count} from '../text/words.js';
import type {Watched} from './attempt.js';
import {decideOutcome, type Outcome} from './machine.js';
import {logAnsibleError, logShowsPlays} from './plugin-check.js';
import type {Attempt, StepState} from './types.js';

/** The outcome, the step's state patch, and warnings for the operator. `aborted`: an abort was asked. */
export function judgeAttempt(step: PlanStep, attempt: Attempt, watched: Watched, aborted: boolean, at: string): {outcome: Outcome; patch: Partial<StepState>; notes: string[]} {
	const s = watched.summary;
	// No events and no play in the log: it stopped before the plugin would have loaded.
	const playsStarted = step.kind !== 'playbook' || s.hello || logShowsPlays(attempt.logFile);
	const error = playsStarted ? null : logAnsibleError(attempt.logFile);
	const outcome: Outcome = watched.error
		? {status: 'failed', reason: `could not start ${step.argv[0]}: ${watched.error}`}
		: decideOutcome({kind: step.kind, exit: watched.exit, summary: s, abortRequested: aborted, playsStarted, errorBeforePlays: error && ansibleErrorLine(error)});
	const pausedAt = outcome.status === 'paused' && s.paused ? {task: s.paused.task?.name ?? null, play: s.paused.play, reason: s.paused.reason, at} : null;
	const patch: Partial<StepState> = {
		status: outcome.status,
		stalled: null,
		endedAt: at,
		pausedAt,
		hosts: {...s.totals},
		problems: s.problems.slice(),
		failedHosts: [...s.failedHosts],
		reason: outcome.reason,
		eventsSeen: step.kind === 'playbook' && playsStarted ? s.hello : null,
		attempt: {...attempt, endedAt: at, exitCode: watched.exit?.code ?? null, signal: watched.exit?.signal ?? null},
	};
	const notes: string[] = [];
	if (step.kind === 'playbook' && !s.hello && playsStarted && outcome.status !== 'aborted') {
		notes.push(`warning: step ${step.id} sent no events: the callback plugin did not load, so there were no live results and no task-level pause`);
	}
	if (watched.badLines > 0) notes.push(`warning: ${count(watched.badLines, 'unreadable event line')} in ${attempt.eventsFile} were skipped`);
	return {outcome, patch, notes};
}
