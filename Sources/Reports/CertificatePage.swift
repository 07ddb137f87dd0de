import Foundation
import MusterCore

/// A certificate of attendance as one self-contained page, ready to print on A4. It is
/// well-formed XML as well as HTML, so any parser reads what a printer prints.
public enum CertificatePage {
    public static func render(_ certificate: Certificates.Certificate, local: LocalTime) -> String {
        let minutes = Int(certificate.endsAt.timeIntervalSince(certificate.startsAt) / 60)
        let duration = Minutes(minutes).description
        let date = local.date(of: certificate.startsAt)
        let rows: [(String, String)] = [
            ("Course", certificate.courseTitle),
            ("Date", "\(date) \(local.timeOfDay(of: certificate.startsAt))–\(local.timeOfDay(of: certificate.endsAt))"),
            ("Duration", duration),
            ("CPD hours", CPDHours.text(certificate.cpdHours)),
            ("Trainer", certificate.trainerName ?? "—"),
            ("Session", certificate.sessionID),
        ]
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB">
            <head>
            <meta charset="utf-8"/>
            <title>Certificate of attendance: \(HTMLText.escape(certificate.learnerName)), \(HTMLText.escape(certificate.courseTitle))</title>
            <style>
            @page { size: A4 landscape; margin: 15mm; }
            body { font-family: Georgia, "Times New Roman", serif; color: #1b1b1b; margin: 0; }
            main { border: 3px double #2f4f6f; padding: 18mm 20mm; min-height: 150mm; box-sizing: border-box; }
            h1 { font-size: 28pt; margin: 0 0 6mm; color: #2f4f6f; letter-spacing: 0.04em; }
            .partnership { font-size: 13pt; text-transform: uppercase; letter-spacing: 0.1em; margin-bottom: 10mm; }
            .learner { font-size: 24pt; margin: 4mm 0 8mm; }
            table { border-collapse: collapse; font-size: 13pt; }
            th { text-align: left; padding: 1.5mm 8mm 1.5mm 0; font-weight: normal; color: #555; }
            td { padding: 1.5mm 0; }
            .verify { margin-top: 12mm; font-size: 10.5pt; color: #444; }
            .code { font-family: "DejaVu Sans Mono", monospace; font-size: 13pt; letter-spacing: 0.08em; color: #1b1b1b; }
            @media screen { main { max-width: 260mm; margin: 10mm auto; } }
            </style>
            </head>
            <body>
            <main>
            <div class="partnership">\(HTMLText.escape(certificate.partnership))</div>
            <h1>Certificate of attendance</h1>
            <p>This certifies that</p>
            <p class="learner" id="learner">\(HTMLText.escape(certificate.learnerName))</p>
            <p>attended the whole of this training:</p>
            <table>
            \(rows.map { "<tr><th scope=\"row\">\(HTMLText.escape($0.0))</th><td>\(HTMLText.escape($0.1))</td></tr>" }.joined(separator: "\n"))
            </table>
            <p class="verify">Verification code <span class="code" id="code">\(HTMLText.escape(certificate.code))</span>.
            Issued \(HTMLText.escape(local.format(certificate.issuedAt))). Anyone can check it with
            <code>certificate verify \(HTMLText.escape(certificate.code))</code>.</p>
            </main>
            </body>
            </html>

            """
    }
}
