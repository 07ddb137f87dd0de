import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MusterCore

/// Standard output would not take a command's output: a full disk under `> file.csv`, or a
/// file-size limit. The command's own work is done by then, so the person is told that what
/// they got is incomplete and that a change was kept, not to run it again.
struct OutputRefused: MusterError {
    /// The system's error (`errno`).
    var code: Int32
    /// Whether the command had failed already, with its own error said.
    var commandFailed: Bool

    var description: String {
        let reason = [ENOSPC, EDQUOT, EFBIG].contains(code)
            ? StoreFailure.diskFull
            : String(cString: strerror(code)).lowercased()
        return commandFailed
            ? "standard output would not take its output either (\(reason))"
            : "standard output would not take the command's output (\(reason)), so what was written is incomplete; "
              + "any change the command made was saved"
    }
}
