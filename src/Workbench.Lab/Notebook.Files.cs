// Where the files a notebook writes go: under the run's output folder, never next to the notebook.
namespace Workbench.Lab;

public static partial class Notebook
{
    /// <summary>Set by the runner (<c>workbench run --output DIR</c>) while a notebook runs: DIR, absolute.</summary>
    public const string OutputVariable = "WORKBENCH_OUTPUT";

    /// <summary>Set by the runner while a notebook runs: the notebook's name (file name without extension).</summary>
    public const string NotebookVariable = "WORKBENCH_NOTEBOOK";

    /// <summary>
    /// The folder for the files this notebook writes: <c>DIR/NAME_files/</c> under the runner's output folder (the
    /// nbconvert convention), or <c>../artifacts/notebooks/files/</c> (relative to the notebook's folder, the
    /// kernel's working directory) in VS Code or Jupyter. Created on first use. No requirements.
    /// </summary>
    public static string OutputFolder
    {
        get
        {
            var output = Environment.GetEnvironmentVariable(OutputVariable);
            var name = Environment.GetEnvironmentVariable(NotebookVariable);
            var folder = string.IsNullOrEmpty(output)
                ? Path.GetFullPath(Path.Combine("..", "artifacts", "notebooks", "files"))
                : Path.Combine(output, string.IsNullOrEmpty(name) ? "files" : name + "_files");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>
    /// The full path for a file this notebook writes, under <see cref="OutputFolder"/>. <paramref name="fileName"/> is a
    /// plain file name: a path that would leave the folder is refused with <see cref="ArgumentException"/>.
    /// </summary>
    public static string OutputFile(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (fileName != Path.GetFileName(fileName) || fileName is "." or "..")
            throw new ArgumentException($"'{fileName}' is not a plain file name: a notebook's files stay in {OutputFolder}", nameof(fileName));
        return Path.Combine(OutputFolder, fileName);
    }
}
