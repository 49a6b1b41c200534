// Must run before anything touches libuv's thread pool (fs, crypto, SQLite): the default of
// four threads is shared by file streaming, hashing and database calls.
process.env.UV_THREADPOOL_SIZE ??= '16';
