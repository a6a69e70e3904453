// The sentences of refusals (web/src/problems.ts) as the operators' page reads them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { operatorSentenceFor, operatorSentences, problemSentences, sentenceFor } from "../../.test-build/problems.js";

const problem = (code, errors) => ({ type: "about:blank", title: code, status: 400, detail: "", traceId: "t", code, errors });

describe("the operators' sentences", () => {
    it("a 403 says the account is not an operator", () => {
        assert.match(operatorSentenceFor(problem("forbidden")), /^This account is not an operator\./);
    });

    it("a validation refusal points at the fields (their messages are shown next to them, not here)", () => {
        const refusal = problem("validation_failed", { stock: ["'Stock' must be greater than or equal to '1'."] });
        assert.equal(operatorSentenceFor(refusal), "Please check the marked fields.");
    });

    it("the v2 refusals read as the shoppers' sentences do", () => {
        for (const code of ["sale_already_open", "stock_below_orders", "queue_paused", "invalid_credentials"]) {
            assert.equal(operatorSentenceFor(problem(code)), problemSentences[code], code);
            assert.equal(operatorSentenceFor(problem(code)), sentenceFor(problem(code)), code);
        }
    });

    it("every operator sentence is one a person reads: a full stop, and different from the shoppers'", () => {
        for (const [code, sentence] of Object.entries(operatorSentences)) {
            assert.ok(sentence.endsWith("."), `${code}: ${sentence}`);
            assert.notEqual(sentence, problemSentences[code], code);
        }
    });
});
