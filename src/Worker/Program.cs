using FlashPurchase.Worker;

QueueWorker.CreateBuilder(args).Build().Run();
