/// An error whose description is written for the person at the keyboard. The Console
/// prints these as they are; anything else is named without dumping its internals.
public protocol MusterError: Error, CustomStringConvertible {}

extension CatalogueError: MusterError {}
extension ScheduleError: MusterError {}
extension PeopleError: MusterError {}
extension TimeInputError: MusterError {}
extension DatabaseOpenError: MusterError {}
extension PolicyError: MusterError {}
