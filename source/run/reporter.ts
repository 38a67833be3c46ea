// What the supervisor tells its audience (plain lines on a terminal, or a log when detached).
import type {Plan, PlanStep} from '../plan/types.js';
import type {Outcome} from './machine.js';
import type {Attempt, HostProblem, RunState, StepState} from './types.js';

export interface Reporter {
	start(state: RunState, plan: Plan, stateDir: string): void;
	stepStart(index: number, step: PlanStep, attempt: Attempt): void;
	problem(index: number, step: PlanStep, problem: HostProblem): void;
	/** Something the operator should know now (a pause waiting, an adoption, a warning). */
	note(text: string): void;
	/** The plan's steps changed as the run went (a split step read again); `note` says how. */
	planChanged?(plan: Plan): void;
	stepEnd(index: number, step: PlanStep, state: StepState, outcome: Outcome): void;
	end(state: RunState, plan: Plan, exitCode: number): void;
}
