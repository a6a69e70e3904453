// One fault test at a time: they share the private servers, and some stop them. (xunit also needs this for the
// Timeout of each test, which fails a hung test instead of letting --blame-hang-timeout kill the whole run.)
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The private servers are Debian's MariaDB and RabbitMQ, and processes are found and ended through /proc and kill(2).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
