//! Which files are searched: filters, types, globs, depth, size, order, file lists.
