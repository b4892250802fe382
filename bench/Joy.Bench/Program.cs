Console.WriteLine("usage: dotnet run -c Release --project bench/Joy.Bench -- <benchmark>");
return 1;
