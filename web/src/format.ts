// Words and numbers as the shopper reads them.

/** 0:07, 4:05, 1:02:03: a countdown. */
export function clock(ms: number): string {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = total % 60;
    const mm = hours > 0 ? String(minutes).padStart(2, "0") : String(minutes);
    const ss = String(seconds).padStart(2, "0");
    return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "about 5 seconds", "about 2 minutes": an estimate, rounded as one. */
export function about(seconds: number): string {
    const s = Math.max(1, Math.round(seconds));
    if (s < 90) {
        return `about ${s} ${s === 1 ? "second" : "seconds"}`;
    }
    const minutes = Math.round(s / 60);
    return `about ${minutes} minutes`;
}

export function money(amount: number, currency: string): string {
    try {
        return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount);
    } catch {
        return `${amount.toFixed(2)} ${currency}`; // a currency code Intl does not know
    }
}

export function dateTime(iso: string): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
        return iso;
    }
    return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }).format(date);
}

const statusWords: Record<string, string> = {
    scheduled: "Opens soon",
    open: "Open",
    sold_out: "Sold out",
    closed: "Closed",
};

/** A sale's status as both pages show it; an open sale whose queue an operator paused says so. */
export function saleStatusWord(status: string, paused = false): string {
    const word = statusWords[status] ?? status;
    return paused && status !== "closed" ? `${word}, queue paused` : word;
}
