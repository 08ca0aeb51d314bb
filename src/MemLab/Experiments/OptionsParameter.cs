namespace MemLab.Experiments;

/// <summary>
/// One parameter of a construction's options record as <see cref="OptionsBinder.Describe"/> sees it, for a front end
/// that offers it (the <c>memlab build</c> options are made from these): the snake_case name, the type a value is read
/// as, whether it must be given, its default and its one-line description.
/// </summary>
/// <param name="Name">The snake_case name (<see cref="OptionsBinder.CommandLineName(string)"/> gives the option).</param>
/// <param name="ValueType">The property's type, or <see cref="string"/> where the record reads the text itself (a <c>Parse{Property}</c> or <c>With{Name}</c> method).</param>
/// <param name="Required">The record's property is <c>required</c>.</param>
/// <param name="Default">The value in the defaults the parameter was described from; null when unset or read as text.</param>
/// <param name="Description">The <see cref="System.ComponentModel.DescriptionAttribute"/> of the parameter's property; null when it has none.</param>
public sealed record OptionsParameter(string Name, Type ValueType, bool Required, object? Default, string? Description);
