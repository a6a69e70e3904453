// One plain sentence per problem code the API can answer with. `Record<ProblemCode, string>` makes the compiler
// refuse this map when the contract gains a code (the generated client's union grows) and no sentence says it yet.
import type { ApiProblem, ProblemCode } from "../../clients/typescript/src/index.js";

export const problemSentences: Record<ProblemCode, string> = {
    validation_failed: "Please check what you typed.",
    unauthorized: "Your session has ended. Please log in again.",
    forbidden: "You are not allowed to do that.",
    not_found: "There is no sale running right now.",
    username_taken: "That username is taken. Pick another one, or log in if it is yours.",
    invalid_credentials: "That username and password do not match an account.",
    sale_not_open: "The sale is not open yet. You can join the queue when the countdown ends.",
    sale_closed: "The sale is over.",
    queue_full: "The queue is full right now. Please try again in a little while.",
    sold_out: "Sorry, it is sold out: every unit has been sold.",
    already_purchased: "You have already bought yours: one per shopper.",
    queue_unavailable: "We could not save your place just now. Please try again soon.",
    invalid_token: "Your place in the queue is no longer valid. Please join the queue again.",
    token_expired: "Your place has expired. Please join the queue again.",
    token_not_yours: "That place in the queue belongs to another shopper. Please join the queue yourself.",
    rate_limited: "Too many requests at once. Please try again soon.",
    queue_paused: "The queue is paused for a moment.",
    sale_already_open: "The sale has opened: its product, price, currency and opening time can no longer change.",
    stock_below_orders: "The stock cannot be less than the orders already placed.",
    token_revoked: "You left the queue, so this place no longer works. Join the queue again for a new place.",
    challenge_required: "Your browser needs to pass a quick check before joining. Please try again.",
    method_not_allowed: "This page made a request the shop does not accept. Please reload the page.",
    payload_too_large: "This page sent more than the shop accepts. Please reload the page.",
    unsupported_media_type: "This page sent something the shop does not understand. Please reload the page.",
    service_unavailable: "The shop is very busy right now. Please try again soon.",
    internal_error: "Something went wrong on our side. Please try again soon.",
};

/** The sentence for a refusal; a validation refusal adds what the server said about each field. */
export function sentenceFor(problem: ApiProblem): string {
    const sentence = problemSentences[problem.code] ?? "Something went wrong. Please try again soon.";
    if (problem.code === "validation_failed" && problem.errors) {
        const details = Object.values(problem.errors).flat().filter((message) => message.length > 0);
        if (details.length > 0) {
            return `${sentence} ${details.join(" ")}`;
        }
    }
    return sentence;
}

/**
 * The operators' page reads a few codes differently: there a 403 means the account lacks the admin role, a 404 a sale
 * that is gone, a closed sale one that no longer changes. The others read as they do for shoppers.
 */
export const operatorSentences: Partial<Record<ProblemCode, string>> = {
    forbidden: "This account is not an operator. Please log in with an operator's account.",
    not_found: "That sale no longer exists.",
    sale_closed: "The sale is closed: it can no longer change.",
    validation_failed: "Please check the marked fields.",
};

/** The operators' page's sentence for a refusal (field messages are shown next to their fields, not here). */
export function operatorSentenceFor(problem: ApiProblem): string {
    return operatorSentences[problem.code] ?? sentenceFor(problem);
}

/** Refusals that mean "the same request may work in a moment". */
export function isTransient(code: ProblemCode): boolean {
    return code === "queue_unavailable" || code === "rate_limited" || code === "service_unavailable" || code === "internal_error";
}

/** When the network itself failed, or the answer was not one of the API's documents (a proxy's error page...). */
export const unreachableSentence = "We cannot reach the shop right now. Please try again soon.";
