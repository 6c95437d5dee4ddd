Console.WriteLine("workbench");
