import Foundation
import _CryptoExtras

/// A password as stored: PBKDF2-HMAC-SHA256 over a random salt, with its parameters kept
/// beside it (`pbkdf2-sha256$ROUNDS$SALT$HASH`, base64), so the rounds can be raised later
/// and every hash made before still verifies. The password itself is never stored.
public struct PasswordHash: Sendable, Equatable, CustomStringConvertible {
    public let rounds: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// OWASP's figure for PBKDF2-HMAC-SHA256 (2023).
    public static let defaultRounds = 600_000
    static let scheme = "pbkdf2-sha256"

    /// Hashes a new password with a fresh 16-byte salt.
    public static func make(_ password: String, rounds: Int = defaultRounds) throws -> PasswordHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return PasswordHash(rounds: rounds, salt: salt, hash: try derive(password, salt: salt, rounds: rounds))
    }

    /// The stored form, read back; nil when it is not one of ours.
    public init?(stored text: String) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let rounds = Int(parts[1]), rounds > 0,
              let salt = Data(base64Encoded: String(parts[2])), let hash = Data(base64Encoded: String(parts[3])), !hash.isEmpty
        else { return nil }
        self.init(rounds: rounds, salt: Array(salt), hash: Array(hash))
    }

    init(rounds: Int, salt: [UInt8], hash: [UInt8]) {
        self.rounds = rounds; self.salt = salt; self.hash = hash
    }

    public var description: String {
        "\(Self.scheme)$\(rounds)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Compares in constant time: how much of the hash matched must not show in how long it took.
    public func verifies(_ password: String) -> Bool {
        guard let candidate = try? Self.derive(password, salt: salt, rounds: rounds, length: hash.count) else { return false }
        return zip(candidate, hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0 && candidate.count == hash.count
    }

    static func derive(_ password: String, salt: [UInt8], rounds: Int, length: Int = 32) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256,
                                                    outputByteCount: length, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }
}
