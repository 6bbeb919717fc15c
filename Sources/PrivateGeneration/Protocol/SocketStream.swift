#if canImport(Glibc)
import Glibc
private let systemSend = Glibc.send
private let systemConnect = Glibc.connect
private let systemAccept = Glibc.accept
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemSend = Darwin.send
private let systemConnect = Darwin.connect
private let systemAccept = Darwin.accept
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif

/// A byte stream over a connected socket (TCP, or one end of a Unix socket pair) or a pair of pipes (a worker's
/// standard input and output): what the generation protocol's frames travel on. It counts the bytes each way and
/// closes its descriptors when released.
///
/// Not thread-safe: one thread owns a stream at a time (a session reads and writes in turn).
public final class SocketStream {
    let descriptor: Int32
    /// Where writes go: the socket itself, or a second descriptor (a pipe).
    let writeDescriptor: Int32
    /// Whether `writeDescriptor` is still open (a pipe's is closed by `finishWriting`).
    private var writeOpen = true
    /// Bytes written and read so far.
    public private(set) var bytesSent = 0
    public private(set) var bytesReceived = 0

    /// Takes ownership of a connected socket's descriptor.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
        writeDescriptor = descriptor
    }

    /// Reads from one descriptor and writes to another — e.g. standard input and output of `hegen worker`
    /// (ignore SIGPIPE in such a process: a pipe whose reader left then fails the write instead of killing it).
    /// Takes ownership of both.
    public init(readDescriptor: Int32, writeDescriptor: Int32) {
        descriptor = readDescriptor
        self.writeDescriptor = writeDescriptor
    }

    deinit {
        close(descriptor)
        if writeDescriptor != descriptor, writeOpen { close(writeDescriptor) }
    }

    /// Connects over TCP to an IPv4 address (`localhost` is 127.0.0.1).
    /// - Throws: `GenerationProtocolError.connection` with the system's reason.
    public static func connect(host: String, port: UInt16) throws(GenerationProtocolError) -> SocketStream {
        var address = try socketAddress(host: host, port: port)
        let fd = try checked(socket(AF_INET, socketStreamType, 0), "socket")
        let stream = SocketStream(descriptor: fd)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        _ = try checked(result, "connect to \(host):\(port)")
        return stream
    }

    /// Two connected streams in one process (a Unix socket pair): the one-process generation runs the server on
    /// one end with exactly the bytes a TCP server would see.
    /// - Returns: the client's stream and the server's descriptor (hand it to the thread that serves it).
    public static func pair() throws(GenerationProtocolError) -> (SocketStream, Int32) {
        var fds: [Int32] = [0, 0]
        _ = try checked(socketpair(AF_UNIX, socketStreamType, 0, &fds), "socketpair")
        return (SocketStream(descriptor: fds[0]), fds[1])
    }

    /// Fails reads (and writes) that wait longer than `seconds` with a `connection` error (0: wait forever).
    public func setTimeout(seconds: Int) {
        var value = timeval(tv_sec: seconds, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            _ = setsockopt(descriptor, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// Ends this side's writes (the peer then reads end of stream); reads still work.
    public func finishWriting() {
        if writeDescriptor == descriptor {
            _ = shutdown(descriptor, Int32(SHUT_WR))
        } else if writeOpen {
            writeOpen = false
            _ = close(writeDescriptor)
        }
    }

    /// Writes all of `bytes` (MSG_NOSIGNAL: a peer that hung up is an error, not a SIGPIPE).
    public func write(_ bytes: [UInt8]) throws(GenerationProtocolError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                writeDescriptor == descriptor
                    ? systemSend(descriptor, buffer.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                    : systemWrite(writeDescriptor, buffer.baseAddress! + offset, bytes.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .connection("write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        bytesSent += bytes.count
    }

    /// Reads exactly `count` bytes, growing the buffer only as bytes arrive (a length the peer announces but
    /// never sends costs nothing).
    public func read(count: Int) throws(GenerationProtocolError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(count, 1 << 20))
        while bytes.count < count {
            let want = min(chunk.count, count - bytes.count)
            let n = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, want) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : String(cString: strerror(errno))
                throw .connection("read failed: \(reason)")
            }
            if n == 0 { throw .connection("closed by the peer after \(bytes.count) of \(count) bytes") }
            bytes.append(contentsOf: chunk[0..<n])
        }
        bytesReceived += count
        return bytes
    }

    static func socketAddress(host: String, port: UInt16) throws(GenerationProtocolError) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            throw .connection("\(host) is not an IPv4 address")
        }
        return address
    }

    @discardableResult
    static func checked(_ result: Int32, _ what: String) throws(GenerationProtocolError) -> Int32 {
        guard result >= 0 else { throw .connection("\(what) failed: \(String(cString: strerror(errno)))") }
        return result
    }

    #if canImport(Glibc)
    static let socketStreamType = Int32(SOCK_STREAM.rawValue)
    #else
    static let socketStreamType = SOCK_STREAM
    #endif
}

/// A listening TCP socket.
public final class TCPListener: Sendable {
    let descriptor: Int32
    /// The port it listens on (the system's choice when asked for port 0).
    public let port: UInt16

    /// Listens on an IPv4 address (127.0.0.1 for loopback only, 0.0.0.0 for every interface).
    /// - Throws: `GenerationProtocolError.connection`.
    public init(host: String = "127.0.0.1", port: UInt16) throws(GenerationProtocolError) {
        var address = try SocketStream.socketAddress(host: host, port: port)
        let fd = try SocketStream.checked(socket(AF_INET, SocketStream.socketStreamType, 0), "socket")
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        do {
            try SocketStream.checked(bound, "bind \(host):\(port)")
            try SocketStream.checked(listen(fd, 8), "listen")
        } catch {
            close(fd)
            throw error
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    deinit { close(descriptor) }

    /// Waits for the next connection.
    public func accept() throws(GenerationProtocolError) -> SocketStream {
        while true {
            let fd = systemAccept(descriptor, nil, nil)
            if fd >= 0 { return SocketStream(descriptor: fd) }
            if errno != EINTR { throw .connection("accept failed: \(String(cString: strerror(errno)))") }
        }
    }
}
