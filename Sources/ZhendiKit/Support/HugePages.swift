import Foundation

/// Large buffers written in scattered order (the search index's radix sort moves a segment's
/// millions of entries to thousands of places in buffers of tens of megabytes): with 4 KiB pages
/// nearly every such write missed the TLB. Where the kernel gives 2 MiB pages on request
/// (transparent huge pages in `madvise` mode), ask for them; elsewhere this does nothing.
enum HugePages {
    /// Only buffers of several megabytes: a huge page must fit inside the range.
    static func advise(_ p: UnsafeMutableRawPointer, bytes: Int) {
        guard bytes >= 4 << 20 else { return }
        let page = 4096, from = (Int(bitPattern: p) + page - 1) & ~(page - 1), to = (Int(bitPattern: p) + bytes) & ~(page - 1)
        if to > from { _ = madvise(UnsafeMutableRawPointer(bitPattern: from), to - from, MADV_HUGEPAGE) }
    }
}
