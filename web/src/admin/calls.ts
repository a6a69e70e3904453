// Every call of the operators' page ends as one of two values: the answer, or the sentence to show (a refusal read by
// problems.ts's operator sentences, or "cannot reach the shop"). A 401 or 403 also ends the session: the page asks for
// an operator's log-in again.
import type { ApiProblem, Outcome } from "../../../clients/typescript/src/index.js";
import { operatorSentenceFor, unreachableSentence } from "../problems.js";

export type AdminCall<T> = { kind: "ok"; value: T } | { kind: "refused"; sentence: string; problem?: ApiProblem };

export function caller(onSessionLost: (sentence: string) => void) {
    return async function call<T>(run: () => Promise<Outcome<T>>): Promise<AdminCall<T>> {
        try {
            const outcome = await run();
            if (outcome.kind === "ok") {
                return { kind: "ok", value: outcome.value };
            }
            const sentence = operatorSentenceFor(outcome.problem);
            if (outcome.problem.code === "unauthorized" || outcome.problem.code === "forbidden") {
                onSessionLost(sentence);
            }
            return { kind: "refused", sentence, problem: outcome.problem };
        } catch {
            return { kind: "refused", sentence: unreachableSentence }; // the network, or no API document
        }
    };
}
