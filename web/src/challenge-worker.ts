// The Web Worker that solves a sale's bot challenge off the page's thread, so the page keeps answering (and shows the
// progress) while the hashes run. Built into src/WebApi/wwwroot/challenge-worker.js (same origin: the CSP's script-src
// 'self' covers it). Messages: in {challenge, difficulty}; out {kind: "progress", hashes}, then {kind: "solved",
// solution, hashes} or {kind: "failed", message}.
import { solveChallenge } from "../../clients/typescript/src/challenge.js";

export interface SolveRequest {
    challenge: string;
    difficulty: number;
}

export type SolveMessage =
    | { kind: "progress"; hashes: number }
    | { kind: "solved"; solution: string; hashes: number }
    | { kind: "failed"; message: string };

const scope = self as unknown as {
    onmessage: ((event: MessageEvent<SolveRequest>) => void) | null;
    postMessage(message: SolveMessage): void;
};

scope.onmessage = async (event) => {
    const { challenge, difficulty } = event.data;
    try {
        const solved = await solveChallenge(challenge, difficulty, {
            onProgress: (hashes) => scope.postMessage({ kind: "progress", hashes }),
        });
        scope.postMessage({ kind: "solved", solution: solved.solution, hashes: solved.hashes });
    } catch (error) {
        scope.postMessage({ kind: "failed", message: String(error) });
    }
};
