namespace FlashPurchase.Domain.Sales;

public enum SaleStatus
{
    Scheduled,
    Open,
    SoldOut,
    Closed,
}
