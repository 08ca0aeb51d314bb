using ScottPlot;

namespace MemLab.Reporting;

/// <summary>Writes figures to image files, headless: PNG (raster, via SkiaSharp) or SVG (vector text).</summary>
public static class FigureFile
{
    /// <summary>Default width of a saved figure, in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>Default height of a saved figure, in pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>Saves <paramref name="plot"/> to <paramref name="path"/>, the format chosen by its extension (.png or .svg).</summary>
    /// <exception cref="MemLabException">The extension is neither .png nor .svg, the size is not positive, or the folder does not exist.</exception>
    public static void Save(Plot plot, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(path);
        if (width < 1 || height < 1)
            throw MemLabException.InvalidOptions($"The figure size is {width}x{height} pixels; give a width and height of at least 1.");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".png" or ".svg") OutputPath.Require(path);
        switch (extension)
        {
            case ".png":
                AtomicFile.WriteBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
                break;
            case ".svg":
                AtomicFile.WriteText(path, plot.GetSvgXml(width, height));
                break;
            default:
                throw MemLabException.InvalidOptions($"Cannot tell the image format of '{path}'; end the file name with .png or .svg.");
        }
    }
}
