// Which sale the waiting room shows, out of those GET /api/sales lists: the one the shopper picked while it is still
// listed, else the one the server would call current (the open one soonest to close, else the next to open), else the
// first listed (a sold-out one). Pure: main.ts reads the list and the stored choice and renders the answer.
import type { SaleView } from "../../../clients/typescript/src/index.js";

/** The sales the picker offers: those a shopper can join, wait for or read about (the list has no closed ones; if it
 * ever did, they would not be offered). In the server's order, soonest to open first. */
export function offeredSales(sales: readonly SaleView[]): SaleView[] {
    return sales.filter((sale) => sale.status !== "closed");
}

export function pickSale(sales: readonly SaleView[], pickedId: string | undefined): SaleView | undefined {
    const offered = offeredSales(sales);
    const picked = pickedId === undefined ? undefined : offered.find((sale) => sale.saleId === pickedId);
    if (picked) {
        return picked;
    }
    const soonest = (status: string, by: (sale: SaleView) => string) =>
        offered
            .filter((sale) => sale.status === status)
            .reduce<SaleView | undefined>((best, sale) => (!best || Date.parse(by(sale)) < Date.parse(by(best)) ? sale : best), undefined);
    return soonest("open", (sale) => sale.closesAt) ?? soonest("scheduled", (sale) => sale.opensAt) ?? offered[0];
}
