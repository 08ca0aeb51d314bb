namespace MemLab.Experiments;

/// <summary>
/// One parameter of an options record as <see cref="OptionsBinder.Describe"/> sees it, for a front end that offers it
/// (the <c>memlab build</c>, <c>train</c> and <c>gap</c> options are made from these): the snake_case name, the type a
/// value is read as, whether it must be given, its default, its one-line description and the check of a text value.
/// </summary>
/// <param name="Name">The snake_case name (<see cref="OptionsBinder.CommandLineName(string)"/> gives the option).</param>
/// <param name="ValueType">The property's type, or <see cref="string"/> where the binder reads the text itself (a list of whole numbers, a <c>Parse{Property}</c> or <c>With{Name}</c> method).</param>
/// <param name="Required">The record's property is <c>required</c>.</param>
/// <param name="Default">The value in the defaults the parameter was described from (a list as its comma-separated text); null when unset or read by the record's own method.</param>
/// <param name="Description">The <see cref="System.ComponentModel.DescriptionAttribute"/> of the parameter's property; null when it has none.</param>
/// <param name="Problem">Why a text value is not one of the parameter's (what a value looks like); null when it is, or when the record reads it with its own method (which reports at binding).</param>
public sealed record OptionsParameter(string Name, Type ValueType, bool Required, object? Default, string? Description, Func<string, string?> Problem);
