package bot

// Features that have not landed yet declare nothing. Each line goes when its feature's
// own file declares the names.
