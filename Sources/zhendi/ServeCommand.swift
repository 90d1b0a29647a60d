import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import ZhendiKit

/// `zhendi serve`: build into memory, serve over HTTP, watch the site folder and reload open
/// browser tabs (server-sent events) after every change. FlyingFox rather than Hummingbird: it
/// needs no SwiftNIO, so it adds seconds instead of minutes to a clean build (see BENCHMARKS.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "边写边看：在本机预览网站，保存文件后浏览器自动刷新。"
    )

    @Option(name: .long, help: "网站所在的文件夹（默认：当前文件夹）。")
    var source: String = "."

    @Option(name: .long, help: "端口（默认 1313）。")
    var port: UInt16 = 1313

    @Option(name: .long, help: "监听地址（默认只允许本机访问）。")
    var bind: String = "127.0.0.1"

    @Flag(name: .long, help: "同时显示草稿。")
    var drafts = false

    @Flag(name: .long, help: "同时显示发布日期在未来的文章。")
    var future = false

    @Flag(name: .long, help: "每次更新后显示各阶段用时。")
    var verbose = false

    func run() async throws {
        var options = BuildOptions(source: URL(fileURLWithPath: source).standardizedFileURL)
        options.includeDrafts = drafts
        options.includeFuture = future
        let host = bind == "0.0.0.0" ? "127.0.0.1" : bind
        options.baseURL = "http://\(host):\(port)/"
        let live = LiveSite(options: options)
        let hub = ReloadHub()
        report(live.fullBuild(), verbose: verbose)

        let server = HTTPServer(address: try .inet(ip4: bind, port: port), logger: .disabled)
        await server.appendRoute("GET /__zhendi/events") { _ in
            let stream = await hub.subscribe(initial: Self.statusEvent(live))
            return HTTPResponse(statusCode: .ok,
                                headers: [.contentType: "text/event-stream; charset=utf-8", .init("Cache-Control"): "no-cache"],
                                body: HTTPBodySequence(from: EventStreamBody(stream: stream)))
        }
        await server.appendRoute("GET *") { request in
            Self.respond(to: request.path, range: request.headers[HTTPHeader("Range")], live: live)
        }

        let files = FileWatcher(root: options.source) { live.watchedFiles() }
        let refreshing = RefreshState()
        let watcher = Task.detached {
            var quietSince = Date()
            while !Task.isCancelled {
                // Woken by a change (or, polling, every 0.1 s); at least every 0.25 s to see
                // whether the refresh is due.
                await files.wait(upTo: files.usesNotifications ? 0.25 : 0.1)
                var changed = files.changes()
                if !changed.isEmpty {
                    // A file still open for writing may come in several steps: wait for the rest
                    // (its close, usually microseconds away), 25 ms at most, and take them all.
                    let settled = Date().addingTimeInterval(0.025)
                    while files.mayBeWriting, Date() < settled {
                        await files.wait(upTo: settled.timeIntervalSinceNow)
                        changed = Array(Set(changed + files.changes())).sorted()
                    }
                    // A folder appeared or went away: the site's structure changed, rebuild it all.
                    let outcome = live.update(changed: changed.contains { $0.hasSuffix("/") } ? ["site.yml"] : changed)
                    report(outcome, changed: changed, verbose: verbose)
                    await hub.broadcast(outcome.failed ? Self.statusEvent(live) : "event: reload\ndata: \(outcome.generation)\n\n")
                    quietSince = Date()
                } else if live.needsFullBuild, !(await refreshing.running), Date().timeIntervalSince(quietSince) > Self.refreshPause {
                    // After quick single-page updates, bring lists, feeds and search up to date,
                    // in the background: edits keep being applied meanwhile.
                    await refreshing.set(true)
                    // On its own thread: a build must not occupy the threads serving requests.
                    Thread.detachNewThread {
                        let outcome = live.refresh()
                        Task {
                            if let outcome, outcome.failed { await hub.broadcast(Self.statusEvent(live)) }
                            await refreshing.set(false)
                        }
                    }
                    quietSince = Date()
                }
            }
        }
        Console.line("预览地址：http://\(host):\(port)/（按 Ctrl+C 结束）")
        defer { watcher.cancel() }
        try await server.run()
    }

    static func respond(to path: String, range: String?, live: LiveSite) -> HTTPResponse {
        func answer(_ data: Data, _ type: String) -> HTTPResponse {
            if let r = ByteRange.parse(range, length: data.count) {
                return HTTPResponse(statusCode: .partialContent,
                                    headers: [.contentType: type, .init("Cache-Control"): "no-store",
                                              .init("Content-Range"): "bytes \(r.lowerBound)-\(r.upperBound - 1)/\(data.count)"],
                                    body: Data(data.dropFirst(r.lowerBound).prefix(r.count)))
            }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .init("Cache-Control"): "no-store"], body: data)
        }
        switch live.lookup(path) {
        case .data(let data, let type)?:
            return type.hasPrefix("text/html") ? answer(inject(data), type) : answer(data, type)
        case .file(let url, let type)?:
            return answer((try? Data(contentsOf: url)) ?? Data(), type)
        case nil:
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/html; charset=utf-8"],
                                body: inject(live.notFoundPage ?? Data("没有这个页面".utf8)))
        }
    }

    /// Only the preview gets this script: it reloads the page after a rebuild and shows build
    /// errors over the page while the last good version stays visible.
    static func inject(_ html: Data) -> Data {
        var text = String(decoding: html, as: UTF8.self)
        if let r = text.range(of: "</body>", options: .backwards) {
            text.replaceSubrange(r, with: liveScript + "</body>")
        } else {
            text += liveScript
        }
        return Data(text.utf8)
    }

    /// Seconds without edits before the background full build that brings the search data up
    /// to date. An edit applied while one runs shares the two cores with it: a new article took
    /// 84–125 ms with none running and 130–270 ms when saved 2–4 s after the last one, with the
    /// refresh starting after 1.5 s. An editor who fixes and saves again within seconds should
    /// not meet one; the preview's search can wait a few seconds more.
    static let refreshPause: TimeInterval = 5

    static let liveScript = """
    <script>(function(){var es=new EventSource("/__zhendi/events"),box;
    es.addEventListener("reload",function(){location.reload()});
    es.addEventListener("status",function(e){var s=JSON.parse(e.data);if(box){box.remove();box=null}if(!s.errors.length)return;
    box=document.createElement("div");box.setAttribute("role","alert");
    box.style.cssText="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:99999;background:#fff;color:#111;border-top:6px solid #a61b1b;padding:16px 20px;font:16px/1.6 sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)";
    var h=document.createElement("p");h.style.cssText="font-weight:bold;color:#a61b1b;margin:0 0 8px";h.textContent="网站生成出错（共 "+s.errors.length+" 处），下面是要修改的地方；现在显示的是上一次成功的版本。";box.appendChild(h);
    s.errors.forEach(function(t){var p=document.createElement("p");p.style.cssText="margin:4px 0;font-family:monospace;white-space:pre-wrap";p.textContent=t;box.appendChild(p)});
    document.body.appendChild(box)});})();</script>
    """

    static func statusEvent(_ live: LiveSite) -> String {
        let errors = live.current.filter { $0.severity == .error }.map(\.formatted)
        let json = "{\"errors\":[" + errors.map(jsonString).joined(separator: ",") + "]}"
        return "event: status\ndata: \(json)\n\n"
    }

    static func jsonString(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}

private func report(_ outcome: LiveSite.Outcome, changed: [String] = [], verbose: Bool) {
    let warnings = outcome.diagnostics.filter { $0.severity == .warning }
    if outcome.failed {
        Console.print(outcome.diagnostics)
        Console.error("✗ 有错误，浏览器里仍显示上一次成功的版本。改正后保存即可自动更新。")
        return
    }
    for w in warnings { Console.line(w.formatted) }
    let what = changed.isEmpty ? "" : (changed.count == 1 ? changed[0] : "\(changed.count) 个文件")
    var how = outcome.incremental ? "只更新了受影响的 \(outcome.changedOutputs) 个文件" : "完整生成"
    if let items = outcome.renderedItems { how += "（重新生成 \(items) 篇内容，其余沿用）" }
    Console.line("✓ \(what.isEmpty ? "" : what + "：")\(how)，用时 \(String(format: "%.0f", outcome.seconds * 1000)) 毫秒")
    if verbose { Console.printTimings(outcome.timings) }
}

actor RefreshState {
    private(set) var running = false
    func set(_ value: Bool) { running = value }
}

/// Open server-sent-event connections.
actor ReloadHub {
    private var listeners: [UUID: AsyncStream<Data>.Continuation] = [:]

    func subscribe(initial: String) -> AsyncStream<Data> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Data>.makeStream()
        continuation.yield(Data(("retry: 1000\n\n" + initial).utf8))
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        listeners[id] = continuation
        return stream
    }

    private func remove(_ id: UUID) { listeners[id] = nil }

    func broadcast(_ event: String) {
        for c in listeners.values { c.yield(Data(event.utf8)) }
    }
}

/// An endless response body fed by an AsyncStream (FlyingFox sends it chunked).
struct EventStreamBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let stream: AsyncStream<Data>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<Data>.Iterator
        var pending: [UInt8] = []

        mutating func next() async throws -> UInt8? {
            if pending.isEmpty {
                guard let d = await base.next() else { return nil }
                pending = Array(d)
            }
            return pending.isEmpty ? nil : pending.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            if !pending.isEmpty {
                defer { pending = [] }
                return pending
            }
            guard let d = await base.next() else { return nil }
            return Array(d)
        }
    }
}
